"""The OIDC signing key (dev.twitch.tv/docs/authentication/getting-tokens-oidc/#verifying-an-id-token):
one RSA key, generated the first time it is needed and stored in the database's `meta` table, so
ID tokens keep verifying across restarts. Served as an RS256 JWKS with `kid` "1", like
id.twitch.tv/oauth2/keys."""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from twitch_mock.domain.services import Services

KID = "1"
META_KEY = "oidc_signing_key"


def signing_key(services: Services) -> rsa.RSAPrivateKey:
    """The instance's private key, created and stored on first use."""
    pem = services.store.meta.get(META_KEY)
    if pem is None:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        services.store.meta.set(META_KEY, pem)
    cached = services.signing_key
    if cached is not None and cached[0] == pem:
        parsed: rsa.RSAPrivateKey = cached[1]
        return parsed
    loaded = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(loaded, rsa.RSAPrivateKey):
        raise TypeError("the stored OIDC signing key is not an RSA key")
    services.signing_key = (pem, loaded)
    return loaded


def jwks(services: Services) -> dict[str, Any]:
    """`{"keys": [{"alg","e","kid","kty","n","use"}]}`, the shape id.twitch.tv serves."""
    public: dict[str, Any] = RSAAlgorithm.to_jwk(signing_key(services).public_key(), as_dict=True)
    return {
        "keys": [{"alg": "RS256", "e": public["e"], "kid": KID, "kty": "RSA", "n": public["n"], "use": "sig"}]
    }
