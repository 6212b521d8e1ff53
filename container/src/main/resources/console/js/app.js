// The console page: checks the session, then shows one view at a time, chosen by the address's
// fragment (#/dashboard, #/registrations ...). Each view module exports mount(root) returning a
// function that stops its timers when another view replaces it.
import { api, loadSession } from './api.js';
import { flash } from './dom.js';
import * as dashboard from './pages/dashboard.js';
import * as registrations from './pages/registrations.js';
import * as dialogs from './pages/dialogs.js';
import * as applications from './pages/applications.js';
import * as dispatcher from './pages/dispatcher.js';
import * as rtpengine from './pages/rtpengine.js';
import * as cluster from './pages/cluster.js';
import * as connections from './pages/connections.js';
import * as config from './pages/config.js';

const PAGES = { dashboard, registrations, dialogs, dispatcher, rtpengine, connections, applications, cluster, config };
let unmount = null;

function route() {
  const name = location.hash.replace(/^#\/?/, '');
  const page = PAGES[name] ? name : 'dashboard';
  if (unmount) unmount();
  flash('');
  const view = document.getElementById('view');
  view.replaceChildren();
  view.dataset.page = page;
  for (const link of document.querySelectorAll('#nav a')) {
    link.classList.toggle('active', link.dataset.page === page);
  }
  document.title = `sipcontainer console - ${page}`;
  unmount = PAGES[page].mount(view) || null;
}

async function logout() {
  try {
    await api.post('logout');
  } catch (e) {
    // the session may already be gone; the login page is the right place either way
  }
  location.replace('login?loggedout');
}

async function start() {
  let session;
  try {
    session = await loadSession();
  } catch (e) {
    flash('The server does not answer: ' + e.message);
    return;
  }
  if (!session.authenticated) {
    location.replace('login');
    return;
  }
  document.getElementById('who').textContent = session.user;
  document.getElementById('logout').addEventListener('click', logout);
  window.addEventListener('hashchange', route);
  route();
}

start();
