// Live traffic: the statistics are read every second and the counters' differences charted as
// rates; the gauges (transactions, registrations, dialogs) are charted as they are.
import { api } from '../api.js';
import { el, flash } from '../dom.js';
import { LineChart } from '../chart.js';

const RATES = [
  { key: 'core:rcv_requests', label: 'Requests received /s' },
  { key: 'core:rcv_replies', label: 'Replies received /s' },
  { key: 'sl:sent_replies', label: 'Replies sent /s' },
  { key: 'tmx:rpl_relayed', label: 'Replies relayed /s' },
];
const GAUGES = [
  { key: 'tmx:inuse_transactions', label: 'Active transactions' },
  { key: 'usrloc:location-contacts', label: 'Registered contacts' },
  { key: 'dialog:active_dialogs', label: 'Active dialogs' },
  { key: 'dialog:early_dialogs', label: 'Early dialogs' },
];
/** Replies in and out, summed for the tile. */
const REPLY_KEYS = ['core:rcv_replies', 'sl:sent_replies', 'tmx:rpl_relayed'];
const TILES = [
  { id: 'requests', label: 'Requests /s', from: 'rate', key: 'core:rcv_requests' },
  { id: 'replies', label: 'Replies /s', from: 'replies' },
  { id: 'transactions', label: 'Transactions', from: 'gauge', key: 'tmx:inuse_transactions' },
  { id: 'contacts', label: 'Registrations', from: 'gauge', key: 'usrloc:location-contacts' },
  { id: 'dialogs', label: 'Dialogs', from: 'gauge', key: 'dialog:active_dialogs' },
];

export function mount(root) {
  const tiles = {};
  const tileBoxes = {};
  const tileRow = el('div', { class: 'tiles' }, TILES.map((t) => {
    tiles[t.id] = el('span', { class: 'tile-value', id: 'tile-' + t.id, text: '-' });
    tileBoxes[t.id] = el('div', { class: 'tile' }, tiles[t.id], el('span', { class: 'tile-label', text: t.label }));
    return tileBoxes[t.id];
  }));
  const charts = el('div', { class: 'charts' });
  root.append(el('h2', { text: 'Dashboard' }), tileRow, charts);
  const traffic = new LineChart(charts, { id: 'traffic-chart', title: 'SIP traffic (per second)', series: RATES });
  let load = null;
  let previous = null;
  let busy = false;

  async function poll() {
    if (busy) return; // a slow answer must not pile up requests
    busy = true;
    try {
      const sample = await api.get('stats');
      const values = sample.values;
      if (!load) { // only the gauges this server has (dialogs need the dialog module)
        const present = GAUGES.filter((g) => g.key in values);
        load = new LineChart(charts, { id: 'load-chart', title: 'Load', series: present });
        for (const t of TILES) {
          if (t.from === 'gauge' && !(t.key in values)) tileBoxes[t.id].hidden = true;
        }
      }
      const rates = {};
      if (previous) {
        const seconds = Math.max(0.001, (sample.time - previous.time) / 1000);
        for (const r of RATES) {
          if (r.key in values && r.key in previous.values) {
            rates[r.key] = Math.max(0, values[r.key] - previous.values[r.key]) / seconds; // a reset reads as 0
          }
        }
        traffic.push(rates);
      }
      load.push(values);
      previous = sample;
      for (const t of TILES) {
        let v;
        if (t.from === 'rate') v = rates[t.key];
        else if (t.from === 'replies') {
          const parts = REPLY_KEYS.map((k) => rates[k]).filter((x) => x !== undefined);
          v = parts.length ? parts.reduce((a, b) => a + b, 0) : undefined;
        } else v = values[t.key];
        tiles[t.id].textContent = v === undefined ? '-' : (Number.isInteger(v) ? String(v) : v.toFixed(1));
      }
      flash('');
    } catch (e) {
      flash('Cannot read the statistics: ' + e.message);
    } finally {
      busy = false;
    }
  }

  poll();
  const timer = setInterval(poll, 1000);
  return () => clearInterval(timer);
}
