// The configuration as the server loaded it: core settings (defaults included) and every
// module.param with the file and line it was written on. Secrets are masked by the server.
import { api } from '../api.js';
import { el, flash } from '../dom.js';

function text(value) {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

export function mount(root) {
  const core = el('tbody', { id: 'core-settings' });
  const modules = el('tbody', { id: 'module-settings' });
  const filter = el('input', { id: 'config-filter', type: 'search', placeholder: 'filter', autocomplete: 'off' });
  root.append(el('h2', { text: 'Configuration' }),
    el('table', { class: 'settings' }, el('thead', {}, el('tr', {}, el('th', { text: 'Setting' }), el('th', { text: 'Value' }))), core),
    el('h2', { text: 'Module settings' }),
    el('div', { class: 'toolbar' }, el('label', { for: 'config-filter', text: 'Filter' }), filter),
    el('table', { class: 'settings' }, el('thead', {}, el('tr', {},
      ['Setting', 'Value', 'Written in'].map((h) => el('th', { text: h })))), modules));
  let all = [];

  function showModules() {
    const needle = filter.value.trim().toLowerCase();
    const rows = all.filter((p) => p.name.toLowerCase().includes(needle)).map((p) => el('tr', { 'data-param': p.name },
      el('td', { class: 'key', text: p.name }), el('td', { text: p.value }),
      el('td', { class: 'where', text: p.line > 0 ? `${p.file}:${p.line}` : p.file })));
    modules.replaceChildren(...rows);
    if (all.length === 0) modules.append(el('tr', {}, el('td', { colspan: 3, text: 'No module setting is written.' })));
  }

  filter.addEventListener('input', showModules);
  api.get('config').then((answer) => {
    core.replaceChildren(...Object.entries(answer.core).map(([key, value]) => el('tr', { 'data-setting': key },
      el('td', { class: 'key', text: key }), el('td', { text: text(value) }))));
    all = answer.modules;
    showModules();
  }).catch((e) => flash('Cannot read the configuration: ' + e.message));
  return null;
}
