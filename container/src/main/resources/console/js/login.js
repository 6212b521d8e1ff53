// The login form is a plain HTML form; this only explains why the last attempt failed.

const MESSAGES = {
  failed: 'Wrong user name or password.',
  disabled: 'Console login is disabled: set http.admin_password in sipcontainer.cfg and restart.',
  locked: 'Too many failed logins from this address: login is refused for a while. Try again later.',
  loggedout: 'You are logged out.',
};

async function explain() {
  const box = document.getElementById('login-message');
  const params = new URLSearchParams(location.search);
  let text = '';
  let kind = 'error';
  for (const [key, message] of Object.entries(MESSAGES)) {
    if (params.has(key)) {
      text = message;
      kind = key === 'loggedout' ? 'info' : 'error';
    }
  }
  try {
    const response = await fetch('api/session', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    const session = await response.json();
    if (!session.loginEnabled) {
      text = MESSAGES.disabled;
      kind = 'error';
      document.getElementById('login-button').disabled = true;
    }
  } catch (unreachable) {
    text = text || 'The server does not answer.';
  }
  box.textContent = text;
  box.className = 'message ' + kind;
  box.hidden = !text;
}

explain();
