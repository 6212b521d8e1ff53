// Deployed applications: the deploy folder's archives with their state, upload of a .sar (the
// deploy folder's watcher deploys it), undeploy (the archive is removed), and the default
// application router's table, checked by the server's own parser before it is saved.
import { api } from '../api.js';
import { el, flash, confirmButton } from '../dom.js';

export function mount(root) {
  const appsBody = el('tbody', { id: 'apps-body' });
  const folder = el('p', { class: 'summary', id: 'apps-folder' });
  const fileInput = el('input', { id: 'sar-file', type: 'file', accept: '.sar' });
  const uploadStatus = el('p', { id: 'upload-status', class: 'summary' });
  const uploadForm = el('form', { class: 'toolbar', onsubmit: (e) => { e.preventDefault(); upload(); } },
    el('label', { for: 'sar-file', text: 'Deploy an archive' }), fileInput,
    el('button', { id: 'upload-button', type: 'submit', text: 'Upload' }));

  const darText = el('textarea', { id: 'dar-text', rows: 12, spellcheck: 'false', wrap: 'off' });
  const darStatus = el('p', { id: 'dar-status', class: 'summary' });
  const darTable = el('div', { id: 'dar-table' });
  const darFile = el('p', { class: 'summary', id: 'dar-file' });
  const darButtons = el('div', { class: 'toolbar' },
    el('button', { id: 'dar-check', type: 'button', class: 'secondary', text: 'Check', onclick: () => check() }),
    el('button', { id: 'dar-save', type: 'button', text: 'Save and reload', onclick: () => save() }),
    el('button', { id: 'dar-revert', type: 'button', class: 'secondary', text: 'Revert', onclick: () => loadDar() }));

  root.append(
    el('h2', { text: 'Applications' }), folder,
    el('table', { id: 'apps-table' }, el('thead', {}, el('tr', {},
      ['Archive', 'Application', 'State', 'Servlets', 'Modified', ''].map((h) => el('th', { text: h })))), appsBody),
    uploadForm, uploadStatus,
    el('h2', { text: 'Application router (DAR)' }), darFile, darText, darButtons, darStatus, darTable);

  let waitingFor = null; // the uploaded file whose outcome is shown
  let shown = ''; // the list as last drawn
  let stopped = false;

  async function refresh() {
    try {
      const answer = await api.get('apps');
      if (stopped) return;
      folder.textContent = `Deploy folder ${answer.deployDir}` + (answer.hotDeploy ? '' : ' (hot deployment is off: deploy_scan_interval = 0)');
      const shape = JSON.stringify(answer.apps);
      if (shape !== shown) { // redrawing an unchanged table would disarm a pressed Undeploy button
        shown = shape;
        appsBody.replaceChildren(...answer.apps.map(row));
        if (answer.apps.length === 0) appsBody.append(el('tr', {}, el('td', { colspan: 6, text: 'No application is deployed.' })));
      }
      if (waitingFor) {
        const app = answer.apps.find((a) => a.file === waitingFor);
        if (app && app.state === 'deployed') {
          uploadStatus.textContent = `${app.file}: application ${app.application} is deployed.`;
          uploadStatus.className = 'summary ok';
          waitingFor = null;
        } else if (app && app.state === 'refused') {
          uploadStatus.textContent = `${app.file} was refused: ${app.reason}`;
          uploadStatus.className = 'summary error';
          waitingFor = null;
        }
      }
    } catch (e) {
      flash('Cannot list the applications: ' + e.message);
    }
  }

  function row(app) {
    const state = el('span', { class: 'state ' + app.state, text: app.state });
    return el('tr', { class: 'app', 'data-file': app.file, 'data-application': app.application || '', 'data-state': app.state },
      el('td', { text: app.file }),
      el('td', { text: app.application || '' }),
      el('td', {}, state, app.reason ? el('div', { class: 'reason', text: app.reason }) : null),
      el('td', { text: (app.servlets || []).join(', ') }),
      el('td', { text: app.modified ? new Date(app.modified).toLocaleString() : '' }),
      el('td', {}, confirmButton('Undeploy', () => undeploy(app.file), { class: 'danger small undeploy', 'data-file': app.file })));
  }

  async function upload() {
    const file = fileInput.files[0];
    if (!file) {
      uploadStatus.textContent = 'Choose a .sar file first.';
      uploadStatus.className = 'summary error';
      return;
    }
    uploadStatus.textContent = `Uploading ${file.name}...`;
    uploadStatus.className = 'summary';
    try {
      const answer = await api.post('apps?file=' + encodeURIComponent(file.name), file);
      waitingFor = answer.file;
      uploadStatus.textContent = `${answer.file} (application ${answer.application}) is in the deploy folder; waiting for the deployer...`;
      fileInput.value = '';
    } catch (e) {
      uploadStatus.textContent = `${file.name} was not accepted: ${e.message}`;
      uploadStatus.className = 'summary error';
    }
    await refresh();
  }

  async function undeploy(file) {
    try {
      const answer = await api.del('apps/' + encodeURIComponent(file));
      flash(`${answer.file} removed from the deploy folder` + (answer.application ? `; ${answer.application} is being undeployed.` : '.'), 'info');
    } catch (e) {
      flash('Undeploy failed: ' + e.message);
    }
    await refresh();
  }

  function showTable(methods) {
    const rows = [];
    for (const [method, tuples] of Object.entries(methods || {})) {
      tuples.forEach((t, i) => rows.push(el('tr', {},
        el('td', { text: i === 0 ? method : '' }), el('td', { text: t.application || '(route only)' }),
        el('td', { text: t.subscriber }), el('td', { text: t.region }),
        el('td', { text: t.route }), el('td', { text: t.modifier }))));
    }
    darTable.replaceChildren(rows.length === 0 ? el('p', { class: 'summary', text: 'The table routes no request.' })
      : el('table', { id: 'dar-routes' }, el('thead', {}, el('tr', {},
        ['Method', 'Application', 'Subscriber', 'Region', 'Route', 'Modifier'].map((h) => el('th', { text: h })))),
      el('tbody', {}, rows)));
  }

  async function loadDar() {
    try {
      const dar = await api.get('dar');
      if (stopped) return;
      darFile.textContent = dar.defaultRouter ? `File ${dar.file}`
        : `File ${dar.file} (the router in use, ${dar.router}, does not read it)`;
      darText.value = dar.text;
      darStatus.textContent = '';
      darStatus.className = 'summary';
      showTable(dar.methods);
    } catch (e) {
      flash('Cannot read the DAR file: ' + e.message);
    }
  }

  /** Asks the server's parser; true when the text is valid. */
  async function check() {
    try {
      const result = await api.post('dar/check', { text: darText.value });
      if (result.valid) {
        darStatus.textContent = 'The table is valid.';
        darStatus.className = 'summary ok';
        showTable(result.methods);
        return true;
      }
      darStatus.textContent = `Line ${result.line}: ${result.reason}`;
      darStatus.className = 'summary error';
      return false;
    } catch (e) {
      darStatus.textContent = 'Cannot check: ' + e.message;
      darStatus.className = 'summary error';
      return false;
    }
  }

  async function save() {
    if (!(await check())) return;
    try {
      const result = await api.put('dar', { text: darText.value });
      darStatus.textContent = result.reloaded ? `Saved; the router now uses it (${Object.keys(result.methods).join(', ') || 'no method'}).`
        : `Saved; ${result.note}.`;
      darStatus.className = 'summary ok';
      if (result.methods) showTable(result.methods);
    } catch (e) {
      darStatus.textContent = 'Not saved: ' + e.message;
      darStatus.className = 'summary error';
    }
  }

  refresh();
  loadDar();
  const timer = setInterval(refresh, 1000);
  return () => { stopped = true; clearInterval(timer); };
}
