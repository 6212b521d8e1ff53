// The dispatcher's destination sets (dispatcher.list), each destination with its state (FLAGS:
// A/I/T/D then P when probed), priority, attributes and the counts of the dispatcher:* statistics
// (calls sent, failed over, probe latency). The state can be set (dispatcher.set_state), a
// destination added or removed in memory (dispatcher.add / dispatcher.remove) and the list reloaded
// from its file or table (dispatcher.reload). Refreshed every few seconds.
import { rpc } from '../api.js';
import { el, flash, confirmButton } from '../dom.js';

const REFRESH_MS = 3000;
const STATES = [['a', 'Active'], ['ap', 'Active, probed'], ['i', 'Inactive'], ['ip', 'Inactive, probed'],
  ['t', 'Trying'], ['d', 'Disabled']];

/** dispatcher:* statistics as "1/uri/name" -> value, from stats.get_statistics lines "k = v". */
async function statistics() {
  const out = new Map();
  for (const line of await rpc('stats.get_statistics', 'dispatcher:')) {
    const at = line.lastIndexOf(' = ');
    out.set(line.slice('dispatcher:'.length, at), Number(line.slice(at + 3)));
  }
  return out;
}

export function mount(root) {
  const summary = el('p', { id: 'ds-summary', class: 'summary' });
  const sets = el('div', { id: 'ds-sets' });
  const setInput = el('input', { id: 'ds-add-set', type: 'number', min: '0', value: '1', required: true });
  const uriInput = el('input', { id: 'ds-add-uri', type: 'text', placeholder: 'sip:10.0.0.1:5060', required: true });
  const priorityInput = el('input', { id: 'ds-add-priority', type: 'number', min: '0', value: '0' });
  const attrsInput = el('input', { id: 'ds-add-attrs', type: 'text', placeholder: 'duid=gw1;weight=50' });
  const addForm = el('form', { id: 'ds-add', class: 'toolbar', onsubmit: (e) => { e.preventDefault(); add(); } },
    el('label', { for: 'ds-add-set', text: 'Set' }), setInput,
    el('label', { for: 'ds-add-uri', text: 'URI' }), uriInput,
    el('label', { for: 'ds-add-priority', text: 'Priority' }), priorityInput,
    el('label', { for: 'ds-add-attrs', text: 'Attributes' }), attrsInput,
    el('button', { id: 'ds-add-button', type: 'submit', text: 'Add destination' }));
  const reload = el('button', { id: 'ds-reload', type: 'button', class: 'secondary', text: 'Reload list',
    onclick: () => act(() => rpc('dispatcher.reload')) });
  root.append(el('h2', { text: 'Dispatcher' }), summary, sets,
    el('h3', { text: 'Add a destination (in memory, until the next reload)' }), addForm, el('p', {}, reload));
  let stopped = false;
  let timer = null;

  async function act(call) {
    try {
      flash(await call(), 'info');
    } catch (e) {
      flash('The dispatcher refused: ' + e.message);
    }
    await refresh(true);
  }

  function add() {
    const params = [Number(setInput.value), uriInput.value.trim(), 0, Number(priorityInput.value || 0)];
    if (attrsInput.value.trim()) params.push(attrsInput.value.trim());
    act(() => rpc('dispatcher.add', ...params));
  }

  function row(setId, dest, stats) {
    const key = `${setId}/${dest.URI}/`;
    const current = dest.FLAGS[0].toLowerCase() + (dest.FLAGS[1] === 'P' && 'ai'.includes(dest.FLAGS[0].toLowerCase()) ? 'p' : '');
    const select = el('select', { class: 'ds-state', 'aria-label': `state of ${dest.URI}` },
      STATES.map(([value, label]) => el('option', { value, text: label, selected: value === current })));
    const latency = stats.get(key + 'latency_ms');
    return el('tr', { class: 'destination', 'data-set': setId, 'data-uri': dest.URI },
      el('td', { class: 'addr', text: dest.URI }),
      el('td', { class: 'flags', text: dest.FLAGS }),
      el('td', { class: 'num', text: dest.PRIORITY }),
      el('td', { text: dest.ATTRS ? dest.ATTRS.BODY : '' }),
      el('td', { class: 'num calls', text: stats.get(key + 'calls') ?? 0 }),
      el('td', { class: 'num failed-over', text: stats.get(key + 'failed_over') ?? 0 }),
      el('td', { class: 'num latency', text: latency === undefined || latency < 0 ? '' : `${latency} ms` }),
      el('td', {}, select,
        el('button', { type: 'button', class: 'small set-state', text: 'Set',
          onclick: () => act(() => rpc('dispatcher.set_state', select.value, setId, dest.URI)) }),
        confirmButton('Remove', () => act(() => rpc('dispatcher.remove', setId, dest.URI)),
          { class: 'danger small remove-destination' })));
  }

  async function refresh(force = false) {
    clearTimeout(timer);
    const choosing = document.activeElement && document.activeElement.tagName === 'SELECT'
      && sets.contains(document.activeElement);
    if (!force && (choosing || sets.querySelector('button.armed'))) {
      // the administrator is choosing a state or confirming a removal: redraw later
      timer = setTimeout(() => refresh(), REFRESH_MS);
      return;
    }
    try {
      const stats = await statistics();
      let list;
      try {
        list = await rpc('dispatcher.list');
      } catch (e) {
        if (e.message !== 'No Destination Sets') throw e;
        list = { NRSETS: 0, RECORDS: [] };
      }
      if (stopped) return;
      summary.textContent = `${list.NRSETS} destination set(s), ${stats.get('active_destinations') ?? 0} of `
        + `${stats.get('destinations') ?? 0} destination(s) active, ${stats.get('calls_sent') ?? 0} call(s) sent, `
        + `${stats.get('calls_failed_over') ?? 0} failed over.`;
      sets.replaceChildren(...list.RECORDS.map((r) => el('section', { class: 'ds-set', 'data-set': r.SET.ID },
        el('h3', { text: `Set ${r.SET.ID}` }),
        el('table', { class: 'destinations' },
          el('thead', {}, el('tr', {}, ['URI', 'Flags', 'Priority', 'Attributes', 'Calls', 'Failed over',
            'Latency', ''].map((h) => el('th', { text: h })))),
          el('tbody', {}, r.SET.TARGETS.map((t) => row(r.SET.ID, t.DEST, stats)))))));
    } catch (e) {
      if (!stopped) flash('Cannot read the dispatcher: ' + e.message);
    }
    if (!stopped) timer = setTimeout(() => refresh(), REFRESH_MS);
  }

  refresh();
  return () => { stopped = true; clearTimeout(timer); };
}
