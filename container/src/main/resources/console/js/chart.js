// A small SVG line chart for the dashboard: a fixed number of samples per series (one a second),
// the y axis scaled to a round maximum of what is on screen, the newest sample on the right.
import { el, svg } from './dom.js';

const WIDTH = 640;
const HEIGHT = 220;
const MARGIN = { left: 52, right: 12, top: 12, bottom: 24 };
export const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd'];

/** The top of the y axis: four grid steps of 1, 2 or 5 times a power of ten, at least 1 each. */
function axisTop(max) {
  const wanted = max / 4;
  if (!(wanted > 1)) return 4;
  const power = 10 ** Math.floor(Math.log10(wanted));
  for (const step of [1, 2, 5, 10]) {
    if (wanted <= step * power) return 4 * step * power;
  }
  return 40 * power;
}

function format(value) {
  if (value >= 1e6) return (value / 1e6).toFixed(value >= 1e7 ? 0 : 1) + 'M';
  if (value >= 1e3) return (value / 1e3).toFixed(value >= 1e4 ? 0 : 1) + 'k';
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

export class LineChart {
  /**
   * @param {HTMLElement} parent where the chart goes
   * @param {{id: string, title: string, series: {key: string, label: string}[], capacity?: number}} options
   */
  constructor(parent, { id, title, series, capacity = 60 }) {
    this.series = series.map((s, i) => ({ ...s, color: s.color || COLORS[i % COLORS.length], values: [] }));
    this.capacity = capacity;
    this.plot = svg('g', { class: 'plot' });
    this.axis = svg('g', { class: 'axis' });
    this.root = svg('svg', {
      id, class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': title,
    }, this.axis, this.plot);
    this.lines = this.series.map((s) => {
      const line = svg('polyline', {
        class: 'series', fill: 'none', stroke: s.color, 'stroke-width': 2,
        'stroke-linejoin': 'round', 'data-series': s.key, 'data-max': 0, 'data-last': '',
      });
      this.plot.append(line);
      return line;
    });
    // the newest value of each series as a dot, visible even before there is a line to draw
    this.dots = this.series.map((s) => {
      const dot = svg('circle', { class: 'latest', r: 3, fill: s.color, visibility: 'hidden' });
      this.plot.append(dot);
      return dot;
    });
    const legend = el('ul', { class: 'legend' }, this.series.map((s) => el('li', {},
      svg('svg', { width: 12, height: 12, viewBox: '0 0 12 12' }, svg('rect', { width: 12, height: 12, rx: 2, fill: s.color })),
      ' ' + s.label)));
    parent.append(el('figure', { class: 'chart-box' }, el('figcaption', { text: title }), this.root, legend));
    this.render();
  }

  /** Adds one sample: values by series key; a missing or null value leaves a gap at zero. */
  push(values) {
    for (const s of this.series) {
      const v = values[s.key];
      s.values.push(typeof v === 'number' && Number.isFinite(v) ? Math.max(0, v) : null);
      if (s.values.length > this.capacity) s.values.shift();
    }
    this.render();
  }

  render() {
    const innerW = WIDTH - MARGIN.left - MARGIN.right;
    const innerH = HEIGHT - MARGIN.top - MARGIN.bottom;
    let max = 0;
    for (const s of this.series) for (const v of s.values) if (v !== null && v > max) max = v;
    const top = axisTop(max);
    const x = (i) => MARGIN.left + (innerW * i) / (this.capacity - 1);
    const y = (v) => MARGIN.top + innerH - (innerH * v) / top;

    const ticks = [];
    for (let k = 0; k <= 4; k++) {
      const value = (top * k) / 4;
      ticks.push(svg('line', { class: 'grid', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value), y2: y(value) }));
      ticks.push(svg('text', { class: 'tick', x: MARGIN.left - 6, y: y(value) + 4, 'text-anchor': 'end', text: format(value) }));
    }
    for (const [i, label] of [[0, `-${this.capacity}s`], [Math.floor((this.capacity - 1) / 2), `-${Math.floor(this.capacity / 2)}s`], [this.capacity - 1, 'now']]) {
      ticks.push(svg('text', { class: 'tick', x: x(i), y: HEIGHT - 6, 'text-anchor': i === 0 ? 'start' : (i === this.capacity - 1 ? 'end' : 'middle'), text: label }));
    }
    this.axis.replaceChildren(...ticks);

    this.series.forEach((s, index) => {
      const offset = this.capacity - s.values.length; // the newest sample sits at the right edge
      const points = s.values.map((v, i) => `${x(offset + i).toFixed(1)},${y(v === null ? 0 : v).toFixed(1)}`);
      const line = this.lines[index];
      line.setAttribute('points', points.join(' '));
      const present = s.values.filter((v) => v !== null);
      line.setAttribute('data-max', String(present.length ? Math.max(...present) : 0));
      line.setAttribute('data-last', present.length ? String(present[present.length - 1]) : '');
      const dot = this.dots[index];
      const last = s.values.length ? s.values[s.values.length - 1] : null;
      dot.setAttribute('visibility', last === null ? 'hidden' : 'visible');
      if (last !== null) {
        dot.setAttribute('cx', x(this.capacity - 1).toFixed(1));
        dot.setAttribute('cy', y(last).toFixed(1));
      }
    });
  }
}
