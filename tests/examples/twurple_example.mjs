// A bot written with twurple, run against twitch-mock (README: "Testing your bot").
// Env: TWURPLE_MOCK_API_PORT (twurple's own switch: /mock/ and /auth/ on localhost), and the
// client, user and tokens the test hands over.
import { ApiClient } from '@twurple/api';
import { AppTokenAuthProvider, RefreshingAuthProvider } from '@twurple/auth';

const { CLIENT_ID, CLIENT_SECRET, USER_ID, ACCESS_TOKEN, REFRESH_TOKEN } = process.env;

// App token: twurple asks the mock's /auth/token for one.
const app = new ApiClient({ authProvider: new AppTokenAuthProvider(CLIENT_ID, CLIENT_SECRET) });
const user = await app.users.getUserById(USER_ID);

// A user token that refreshes itself at the mock.
const auth = new RefreshingAuthProvider({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
await auth.addUserForToken({ accessToken: ACCESS_TOKEN, refreshToken: REFRESH_TOKEN, expiresIn: null, obtainmentTimestamp: 0 });
const api = new ApiClient({ authProvider: auth });
const me = await api.users.getAuthenticatedUser(USER_ID, true);

console.log(JSON.stringify({ login: user.name, email: me.email }));
