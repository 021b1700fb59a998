// twurple's EventSubWsListener against twitch-mock: with TWURPLE_MOCK_API_PORT it creates
// subscriptions at the mock's root /eventsub/subscriptions and connects to ws://127.0.0.1:<port>/ws.
// It subscribes to channel.update, changes the title through Helix, and prints what it heard.
import { ApiClient } from '@twurple/api';
import { RefreshingAuthProvider } from '@twurple/auth';
import { EventSubWsListener } from '@twurple/eventsub-ws';

const { CLIENT_ID, CLIENT_SECRET, USER_ID, ACCESS_TOKEN, REFRESH_TOKEN } = process.env;

const auth = new RefreshingAuthProvider({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
await auth.addUserForToken({ accessToken: ACCESS_TOKEN, refreshToken: REFRESH_TOKEN, expiresIn: null, obtainmentTimestamp: 0 });
const api = new ApiClient({ authProvider: auth });
const listener = new EventSubWsListener({ apiClient: api });

const heard = new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no channel.update within 15 s')), 15000);
  const subscription = listener.onChannelUpdate(USER_ID, (event) => {
    clearTimeout(timer);
    resolve({ title: event.streamTitle, broadcaster: event.broadcasterId });
  });
  listener.onSubscriptionCreateSuccess(async (sub) => {
    if (sub === subscription) {
      await api.channels.updateChannelInfo(USER_ID, { title: 'Heard by twurple' });
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
