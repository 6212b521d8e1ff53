// usrloc's registrations: search address-of-records, see their contacts, remove one contact or a
// whole AOR (ul.rm_contact, ul.rm), with Kamailio's field names from ul.dump.
import { api, rpc } from '../api.js';
import { el, flash, confirmButton } from '../dom.js';

const LIMIT = 100;

function expires(value) {
  return typeof value === 'number' ? `${value} s` : String(value);
}

function notSet(value) {
  return value === undefined || value === null || value === '[not set]' ? '' : String(value);
}

export function mount(root) {
  const input = el('input', { id: 'reg-search', type: 'search', placeholder: 'user or user@domain', autocomplete: 'off' });
  const summary = el('p', { id: 'reg-summary', class: 'summary' });
  const results = el('div', { id: 'reg-results' });
  const form = el('form', { class: 'toolbar', onsubmit: (e) => { e.preventDefault(); search(); } },
    el('label', { for: 'reg-search', text: 'Search by user' }), input,
    el('button', { id: 'reg-search-button', type: 'submit', text: 'Search' }));
  root.append(el('h2', { text: 'Registrations' }), form, summary, results);
  let table = 'location';
  let stopped = false;

  async function search() {
    try {
      const answer = await api.get(`registrations?q=${encodeURIComponent(input.value.trim())}&limit=${LIMIT}`);
      if (stopped) return;
      if (!answer.available) {
        summary.textContent = 'No registrations: ' + answer.reason + '.';
        results.replaceChildren();
        return;
      }
      table = answer.table;
      summary.textContent = answer.matched === 0 ? 'No registration matches.'
        : `${answer.matched} address-of-record(s)` + (answer.matched > answer.aors.length ? `, the first ${answer.aors.length} shown` : '');
      results.replaceChildren(...answer.aors.map(render));
    } catch (e) {
      flash('Cannot read the registrations: ' + e.message);
    }
  }

  async function remove(method, ...params) {
    try {
      await rpc(method, table, ...params);
      flash(method === 'ul.rm' ? `Removed ${params[0]}.` : `Removed ${params[1]}.`, 'info');
    } catch (e) {
      flash('Removal failed: ' + e.message);
    }
    await search();
  }

  function render(entry) {
    const rows = entry.contacts.map((c) => el('tr', { class: 'contact', 'data-contact': c.Address },
      el('td', { class: 'addr', text: c.Address }),
      el('td', { class: 'num', text: expires(c.Expires) }),
      el('td', { class: 'num', text: typeof c.Q === 'number' && c.Q < 0 ? 'not set' : c.Q }),
      el('td', { text: notSet(c.Received) }),
      el('td', { text: notSet(c['User-Agent']) }),
      el('td', { text: notSet(c.Socket) }),
      el('td', {}, confirmButton('Remove', () => remove('ul.rm_contact', entry.aor, c.Address),
        { class: 'danger small remove-contact', 'data-aor': entry.aor, 'data-contact': c.Address }))));
    return el('section', { class: 'aor', 'data-aor': entry.aor },
      el('div', { class: 'aor-head' }, el('h3', { text: entry.aor }),
        confirmButton('Remove AOR', () => remove('ul.rm', entry.aor), { class: 'danger small remove-aor', 'data-aor': entry.aor })),
      el('table', { class: 'contacts' },
        el('thead', {}, el('tr', {}, ['Contact', 'Expires', 'Q', 'Received', 'User agent', 'Socket', ''].map((h) => el('th', { text: h })))),
        el('tbody', {}, rows)));
  }

  search();
  return () => { stopped = true; };
}
