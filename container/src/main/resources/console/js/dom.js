// Small DOM helpers. Text always goes in through textContent, never innerHTML, so data from the
// server (user agents, AORs, file names) cannot inject markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key === 'class') node.setAttribute('class', value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An HTML element: el('td', {class: 'num', text: 3}) or el('tr', {}, cell1, cell2). */
export function el(tag, attrs, ...children) {
  return append(apply(document.createElement(tag), attrs), children);
}

/** An SVG element in the SVG namespace. */
export function svg(tag, attrs, ...children) {
  return append(apply(document.createElementNS(SVG_NS, tag), attrs), children);
}

/** A table with a header row and body rows (arrays of cells or nodes). */
export function table(headers, rows, attrs) {
  return el('table', attrs,
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { text: h })))),
    el('tbody', {}, rows));
}

/** Shows a message in the page's flash area; kind is 'error' or 'info'. */
export function flash(message, kind = 'error') {
  const box = document.getElementById('flash');
  if (!box) return;
  box.textContent = message;
  box.className = 'message ' + kind;
  box.hidden = !message;
}

/**
 * A button that acts only on a second click within a few seconds ("Remove" becomes "Confirm
 * remove"), instead of a blocking confirm() dialog.
 */
export function confirmButton(label, action, attrs = {}) {
  let armedUntil = 0;
  let timer = null;
  const button = el('button', { type: 'button', class: 'danger', text: label, ...attrs });
  button.addEventListener('click', async () => {
    const now = Date.now();
    if (now > armedUntil) {
      armedUntil = now + 4000;
      button.textContent = 'Confirm ' + label.toLowerCase();
      button.classList.add('armed');
      clearTimeout(timer);
      timer = setTimeout(() => {
        button.textContent = label;
        button.classList.remove('armed');
      }, 4000);
      return;
    }
    armedUntil = 0;
    clearTimeout(timer);
    button.disabled = true;
    try {
      await action();
    } finally {
      button.disabled = false;
      button.textContent = label;
      button.classList.remove('armed');
    }
  });
  return button;
}

/** Seconds as "2 d 3 h", "5 min 2 s", "42 s". */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(Number(seconds) || 0));
  if (s >= 86400) return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  if (s >= 60) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${s} s`;
}
