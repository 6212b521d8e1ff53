// A JsSIP user agent in Node.js (run with --experimental-websocket for the WebSocket global):
// registers over ws:// or wss://, sends one MESSAGE, waits for one MESSAGE, unregisters and exits 0.
// Arguments: <ws uri> <own sip uri> <peer sip uri>. Prints one event per line for the Java test.
const JsSIP = require('jssip');

const [wsUri, ownUri, peerUri] = process.argv.slice(2);
const say = (line) => process.stdout.write(line + '\n');
const fail = (why) => { say('error: ' + why); process.exit(1); };
setTimeout(() => fail('timed out'), 20000).unref();

const ua = new JsSIP.UA({
  sockets: [new JsSIP.WebSocketInterface(wsUri)],
  uri: ownUri,
  register: true,
  register_expires: 600,
  session_timers: false,
  user_agent: 'JsSIP-test'
});

ua.on('registered', () => {
  say('registered');
  ua.sendMessage(peerUri, 'hello from jssip', {
    eventHandlers: {
      succeeded: () => say('message-sent'),
      failed: (e) => fail('message failed: ' + e.cause)
    }
  });
});
ua.on('registrationFailed', (e) => fail('registration failed: ' + e.cause));
ua.on('newMessage', (e) => {
  if (e.originator !== 'remote') {
    return;
  }
  say('received: ' + e.request.body);
  ua.on('unregistered', () => { say('unregistered'); ua.stop(); setTimeout(() => process.exit(0), 200); });
  ua.unregister();
});
ua.start();
