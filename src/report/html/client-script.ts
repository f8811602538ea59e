/**
 * The page's script (plain browser JavaScript, run after uPlot's): draws the charts from the JSON data element
 * and wires the copy buttons. Names from the data reach the page only as canvas text or textContent (uPlot's
 * legend uses textContent), never as markup.
 */
export const CLIENT_SCRIPT = `(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var FAILURE_COLOURS = ['#d62728', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
  var SUCCESS_COLOURS = ['#3f9d67', '#74c69d', '#2a7f62', '#95d5b2'];
  var LINE_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7'];
  var MARKER_COLOURS = { 'action-started': '#4e79a7', 'action-finished': '#4e79a7', 'pod-terminating': '#e0a526',
    'endpoint-removed': '#9467bd', 'node-cordoned': '#8c564b', 'eviction-refused': '#d62728' };
  var STAT_STYLES = { p50: { width: 1.25, dash: [2, 3] }, p99: { width: 2, dash: undefined },
    max: { width: 1, dash: [7, 4] } };
  var HEIGHT = 260;
  var charts = [];

  function cssVar(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }
  function fmt(value, digits) {
    if (value == null) return '–';
    return Number(value).toLocaleString('en-US', { maximumFractionDigits: digits });
  }
  function axes(yLabel, secondScale) {
    var common = { stroke: cssVar('--muted'), grid: { stroke: cssVar('--grid'), width: 1 },
      ticks: { stroke: cssVar('--grid'), width: 1 } };
    var list = [
      Object.assign({}, common, { label: secondScale === 'rps' ? 'rate asked, rps' : 'seconds since the load started',
        values: function (u, ticks) { return ticks.map(function (t) { return secondScale === 'rps' ? fmt(t, 0) : fmt(t, 1) + ' s'; }); } }),
      Object.assign({}, common, { label: yLabel, size: 64 }),
    ];
    if (secondScale === 'rps') list.push(Object.assign({}, common, { scale: 'ms', side: 1, label: 'p99 ms', size: 64, grid: { show: false } }));
    return list;
  }
  function markerPlugin(markers) {
    return { hooks: { draw: [function (u) {
      var ctx = u.ctx;
      var top = u.bbox.top, bottom = u.bbox.top + u.bbox.height;
      ctx.save();
      ctx.lineWidth = 1.5 * devicePixelRatio;
      ctx.setLineDash([5 * devicePixelRatio, 4 * devicePixelRatio]);
      markers.forEach(function (marker) {
        var x = u.valToPos(marker.atS, 'x', true);
        if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) return;
        ctx.strokeStyle = MARKER_COLOURS[marker.kind] || '#888';
        ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, bottom); ctx.stroke();
      });
      ctx.restore();
    }] } };
  }
  function widthOf(el) { return Math.max(320, el.clientWidth); }
  function chart(id, opts, columns) {
    var el = document.getElementById(id);
    if (!el) return;
    var u = new uPlot(Object.assign({ width: widthOf(el), height: HEIGHT, scales: { x: X_SCALE, y: FROM_ZERO },
      cursor: { drag: { x: true, y: false } } }, opts), columns, el);
    charts.push({ u: u, el: el });
  }
  var stepped = uPlot.paths.stepped({ align: 1 });
  // Every chart of a run shares the run's time axis, so that an event lines up across them.
  var X_SCALE = data.kind === 'run' ? { time: false, range: [Math.min(0, data.rate.x[0] || 0), data.endS] } : { time: false };
  var FROM_ZERO = { range: function (u, min, max) { return [0, Math.max(1, max * 1.08)]; } };
  var TIME = { label: 'at', value: function (u, v) { return v == null ? '–' : fmt(v, 2) + ' s'; } };

  function drawRun() {
    var markers = markerPlugin(data.markers);
    var rate = data.rate;
    // Stacked: each series is drawn as the running total up to it, tallest first, so every band shows its own
    // outcome; the legend shows each outcome's own rate.
    var totals = [], running = rate.x.map(function () { return 0; });
    // One colour per outcome, the same in both charts: successes in greens, each failure class its own warm colour.
    var colourOf = {}, failureIndex = 0, successIndex = 0;
    rate.outcomes.forEach(function (outcome) {
      colourOf[outcome.label] = outcome.failure ? FAILURE_COLOURS[failureIndex++ % FAILURE_COLOURS.length]
        : SUCCESS_COLOURS[successIndex++ % SUCCESS_COLOURS.length];
    });
    var series = rate.outcomes.map(function (outcome) {
      running = running.map(function (sum, i) { return sum + outcome.values[i]; });
      totals.push(running);
      var colour = colourOf[outcome.label];
      return { label: outcome.label, stroke: colour, fill: colour, width: 1, paths: stepped, points: { show: false },
        value: (function (raw) { return function (u, v, si, i) { return i == null ? '–' : fmt(raw[i], 1) + ' /s'; }; })(outcome.values) };
    });
    series.reverse(); totals.reverse();
    chart('chart-rate', { series: [TIME].concat(series), axes: axes('requests / s'), plugins: [markers] },
      [rate.x].concat(totals));

    var latency = data.latency;
    chart('chart-latency', {
      // p99 solid, p50 thin and dotted below it, max thin and dashed above it: the outcome's colour says which.
      series: [TIME].concat(latency.series.map(function (s) {
        var style = STAT_STYLES[s.stat];
        return { label: s.label, stroke: colourOf[s.outcome] || '#888', width: style.width, dash: style.dash,
          paths: stepped, points: { show: false }, spanGaps: false,
          value: function (u, v) { return v == null ? '–' : fmt(v, 2) + ' ms'; } };
      })),
      scales: { x: X_SCALE, y: { distr: 3 } },
      axes: axes('ms (log scale)'), plugins: [markers],
    }, [latency.x].concat(latency.series.map(function (s) { return s.values; })));

    [['cpu', 'chart-cpu', 'millicores', 'm'], ['memory', 'chart-memory', 'MiB', ' MiB']].forEach(function (spec) {
      var usage = data[spec[0]];
      if (!usage) return;
      var podSeries = usage.pods.map(function (pod, i) {
        return { label: pod.label, stroke: LINE_COLOURS[i % LINE_COLOURS.length], width: 1.5, spanGaps: true,
          value: function (u, v) { return v == null ? '–' : fmt(v, 1) + spec[3]; } };
      });
      var limitSeries = usage.limits.map(function (limit, i) {
        return { label: limit.label, stroke: i % 2 ? '#8c564b' : '#555d6b', width: 1.5,
          dash: [6, 4], points: { show: false }, value: function () { return fmt(limit.value, 1) + spec[3]; } };
      });
      chart(spec[1], { series: [TIME].concat(podSeries, limitSeries), axes: axes(spec[2]), plugins: [markers] },
        [usage.x].concat(usage.pods.map(function (p) { return p.values; }),
          usage.limits.map(function (l) { return usage.x.map(function () { return l.value; }); })));
    });
  }

  function drawCapacity() {
    chart('chart-capacity', {
      series: [{ label: 'asked rps' },
        { label: 'succeeded rps', stroke: '#4e79a7', width: 2, value: function (u, v) { return fmt(v, 1); } },
        { label: 'p99 ms', stroke: '#e15759', width: 2, scale: 'ms', value: function (u, v) { return fmt(v, 1) + ' ms'; } }],
      scales: { x: X_SCALE, y: FROM_ZERO, ms: { distr: 3 } },
      axes: axes('succeeded rps', 'rps'),
    }, [data.rps, data.succeededRps, data.p99Ms]);
  }

  function drawCompare() {
    var index = data.percentiles.map(function (p, i) { return i; });
    var ms = function (u, v) { return v == null ? '–' : fmt(v, 2) + ' ms'; };
    var common = { stroke: cssVar('--muted'), grid: { stroke: cssVar('--grid'), width: 1 },
      ticks: { stroke: cssVar('--grid'), width: 1 } };
    chart('chart-compare', {
      series: [{ label: 'percentile', value: function (u, v) { return v == null ? '–' : 'p' + data.percentiles[v]; } },
        { label: 'baseline', stroke: '#4e79a7', width: 2, value: ms },
        { label: 'candidate', stroke: '#e15759', width: 2, value: ms }],
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [Object.assign({}, common, { label: 'percentile', splits: function () { return index; },
          values: function (u, ticks) { return ticks.map(function (t) { return 'p' + data.percentiles[t]; }); } }),
        Object.assign({}, common, { label: 'ms (log scale)', size: 64 })],
    }, [index, data.baselineMs, data.candidateMs]);
  }

  function draw() {
    charts.forEach(function (c) { c.u.destroy(); });
    charts = [];
    if (data.kind === 'run') drawRun(); else if (data.kind === 'compare') drawCompare(); else drawCapacity();
  }
  draw();
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.u.setSize({ width: widthOf(c.el), height: HEIGHT }); }); });
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', draw);
  // On paper nothing can be unfolded: open the folded parts (events, scenario) and fit the charts to the page.
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details').forEach(function (details) { details.open = true; });
    charts.forEach(function (c) { c.u.setSize({ width: 680, height: HEIGHT }); });
  });
  window.addEventListener('afterprint', function () { charts.forEach(function (c) { c.u.setSize({ width: widthOf(c.el), height: HEIGHT }); }); });

  document.querySelectorAll('button.copy').forEach(function (button) {
    button.addEventListener('click', function () {
      var code = document.getElementById(button.getAttribute('data-copy'));
      var done = function (text) { button.textContent = text; setTimeout(function () { button.textContent = 'Copy'; }, 1500); };
      // The clipboard API needs a secure context; a file opened from disk may not be one: select and copy instead.
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(code.textContent).then(function () { done('Copied'); }, function () { done('Select and copy'); });
        return;
      }
      var range = document.createRange();
      range.selectNodeContents(code);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      done(document.execCommand('copy') ? 'Copied' : 'Selected: press Ctrl+C');
    });
  });
})();
`;
