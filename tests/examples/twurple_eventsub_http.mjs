// twurple's EventSubHttpListener against twitch-mock: with TWURPLE_MOCK_API_PORT it gets an app
// token from the mock's /auth/token and creates webhook subscriptions at its root
// /eventsub/subscriptions. The ReverseProxyAdapter serves plain HTTP on PORT and registers
// https://127.0.0.1:PORT/event/<id>, which the mock sends over plain HTTP (a loopback callback).
// It prints {"ready": true} once the subscription is verified, then the event it heard.
import { ApiClient } from '@twurple/api';
import { AppTokenAuthProvider } from '@twurple/auth';
import { EventSubHttpListener, ReverseProxyAdapter } from '@twurple/eventsub-http';

const { CLIENT_ID, CLIENT_SECRET, USER_ID, PORT } = process.env;

const api = new ApiClient({ authProvider: new AppTokenAuthProvider(CLIENT_ID, CLIENT_SECRET) });
const listener = new EventSubHttpListener({
  apiClient: api,
  adapter: new ReverseProxyAdapter({ hostName: `127.0.0.1:${PORT}`, port: Number(PORT) }),
  secret: 'a secret of twurple listener',
});

const heard = new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no channel.update within 20 s')), 20000);
  const subscription = listener.onChannelUpdate(USER_ID, (event) => {
    clearTimeout(timer);
    resolve({ title: event.streamTitle, broadcaster: event.broadcasterId });
  });
  listener.onVerify((success, sub) => {
    if (sub === subscription) {
      if (success) console.log(JSON.stringify({ ready: true }));
      else reject(new Error('the challenge failed'));
    }
  });
  listener.onSubscriptionCreateFailure((sub, error) => reject(error));
});
listener.start();
try {
  console.log(JSON.stringify(await heard));
} finally {
  listener.stop();
}
process.exit(0);
