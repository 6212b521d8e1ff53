// The media relay's rtpengine instances (rtpengine.show): each with its set, weight, state
// (enabled, or disabled with the seconds until it is tried again, or by hand) and the counts of the
// rtpengine:* statistics (commands, timeouts, errors), with the totals of offers, answers and
// deletes. An instance can be pinged (rtpengine.ping), enabled or disabled (rtpengine.enable) and
// the list read again from the configuration (rtpengine.reload). Refreshed every few seconds.
import { rpc } from '../api.js';
import { el, flash } from '../dom.js';

const REFRESH_MS = 3000;

/** rtpengine:* statistics as "name" -> value, from stats.get_statistics lines "k = v". */
async function statistics() {
  const out = new Map();
  for (const line of await rpc('stats.get_statistics', 'rtpengine:')) {
    const at = line.lastIndexOf(' = ');
    out.set(line.slice('rtpengine:'.length, at), Number(line.slice(at + 3)));
  }
  return out;
}

function state(node) {
  if (!node.disabled) return 'enabled';
  return node.recheck_ticks < 0 ? 'disabled by hand' : `disabled, retried in ${node.recheck_ticks} s`;
}

export function mount(root) {
  const summary = el('p', { id: 'rtp-summary', class: 'summary' });
  const body = el('tbody', { id: 'rtp-instances' });
  const reload = el('button', { id: 'rtp-reload', type: 'button', class: 'secondary', text: 'Reload from configuration',
    onclick: () => act(() => rpc('rtpengine.reload')) });
  const list = el('table', { class: 'rtpengine' },
    el('thead', {}, el('tr', {}, ['Instance', 'Set', 'Weight', 'State', 'Commands', 'Timeouts', 'Errors', '']
      .map((h) => el('th', { text: h })))), body);
  root.append(el('h2', { text: 'Media relay (rtpengine)' }), summary, list, el('p', {}, reload));
  let stopped = false;
  let timer = null;

  async function act(call) {
    try {
      const result = await call();
      flash(typeof result === 'string' ? result : JSON.stringify(result), 'info');
    } catch (e) {
      flash('rtpengine: ' + e.message);
    }
    await refresh();
  }

  function row(node) {
    return el('tr', { class: 'instance', 'data-url': node.url },
      el('td', { class: 'addr', text: node.url }),
      el('td', { class: 'num', text: node.set }),
      el('td', { class: 'num', text: node.weight }),
      el('td', { class: 'state', text: state(node) }),
      el('td', { class: 'num', text: node.commands }),
      el('td', { class: 'num', text: node.timeouts }),
      el('td', { class: 'num', text: node.errors }),
      el('td', {},
        el('button', { type: 'button', class: 'small ping', text: 'Ping',
          onclick: () => act(() => rpc('rtpengine.ping', node.url).then((r) => `${node.url}: ${r[0].status}`)) }),
        el('button', { type: 'button', class: 'small toggle', text: node.disabled ? 'Enable' : 'Disable',
          onclick: () => act(() => rpc('rtpengine.enable', node.url, node.disabled ? 1 : 0)) })));
  }

  async function refresh() {
    clearTimeout(timer);
    try {
      let nodes;
      try {
        nodes = await rpc('rtpengine.show', 'all');
      } catch (e) {
        if (e.message !== 'Method Not Found') throw e;
        if (stopped) return;
        summary.textContent = 'Media relay is off: set rtpengine.rtpengine_sock in sipcontainer.cfg.';
        list.hidden = true;
        reload.hidden = true;
        return;
      }
      const stats = await statistics();
      if (stopped) return;
      summary.textContent = `${stats.get('active_instances') ?? 0} of ${nodes.length} instance(s) enabled, `
        + `${stats.get('calls') ?? 0} call(s) relayed now; ${stats.get('offers') ?? 0} offer(s), `
        + `${stats.get('answers') ?? 0} answer(s), ${stats.get('deletes') ?? 0} delete(s), `
        + `${stats.get('failures') ?? 0} failure(s).`;
      body.replaceChildren(...nodes.map(row));
    } catch (e) {
      if (!stopped) flash('Cannot read the media relay: ' + e.message);
    }
    if (!stopped) timer = setTimeout(() => refresh(), REFRESH_MS);
  }

  refresh();
  return () => { stopped = true; clearTimeout(timer); };
}
