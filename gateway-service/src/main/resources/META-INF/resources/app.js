// The Street Digits web page: plain JavaScript against the gateway's own API.
const $ = (id) => document.getElementById(id);
const keyInput = $('api-key');
keyInput.value = localStorage.getItem('streetdigits.apiKey') || '';
keyInput.addEventListener('change', () => localStorage.setItem('streetdigits.apiKey', keyInput.value));

function headers(extra) {
  return Object.assign({ 'X-API-Key': keyInput.value }, extra || {});
}

// An error beside the control it concerns, scrolled into view; an empty message hides it.
function showError(element, message) {
  element.textContent = message;
  element.hidden = !message;
  if (message) element.scrollIntoView({ block: 'nearest' });
}

async function failure(response) {
  try {
    const problem = await response.json();
    return problem.detail || problem.error || response.statusText;
  } catch (e) {
    return response.status + ' ' + response.statusText;
  }
}

// What read a photo: its pipeline and every model version that ran, in order. Results written before pipelines
// existed name their one model only.
function readBy(result) {
  const version = (model) => model.name + '/' + model.version;
  if (!result.pipeline) return 'model ' + version(result.model);
  return 'pipeline ' + result.pipeline + ' [' + result.models.map(version).join(', ') + ']';
}

$('image-input').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  showError($('image-error'), '');
  // Nothing of the previous photo's reading may stay beside this one.
  $('reading-detail').textContent = '';
  $('positions').querySelector('tbody').replaceChildren();
  $('image-preview').src = URL.createObjectURL(file);
  $('digits').textContent = '…';
  $('image-result').hidden = false;
  const response = await fetch('/api/v1/recognitions?wait=30s&fileName=' + encodeURIComponent(file.name), {
    method: 'POST', headers: headers({ 'Content-Type': file.type || 'application/octet-stream' }), body: file,
  });
  if (response.status !== 200) {
    readingFailed(response.status === 202 ? 'no result within 30 s; try again' : await failure(response));
    return;
  }
  const result = await response.json();
  if (result.error) {
    readingFailed(result.error.code + ': ' + result.error.message);
    return;
  }
  $('digits').textContent = result.digits || '(none)';
  $('reading-detail').textContent = 'confidence ' + result.confidence.toFixed(2) + ' · ' + readBy(result) + ' · '
      + result.timings.totalMillis.toFixed(1) + ' ms';
  const body = $('positions').querySelector('tbody');
  body.replaceChildren(...result.positions.map((p) => {
    const row = document.createElement('tr');
    [p.position, p.digit === null ? '–' : p.digit, p.confidence.toFixed(3)].forEach((value) => {
      const cell = document.createElement('td');
      cell.textContent = value;
      row.appendChild(cell);
    });
    return row;
  }));
});

// A photo that was not read shows no result, only why, beside the upload control.
function readingFailed(message) {
  $('image-result').hidden = true;
  $('digits').textContent = '';
  showError($('image-error'), message);
}

$('batch-input').addEventListener('change', async (event) => {
  const files = Array.from(event.target.files);
  if (!files.length) return;
  showError($('batch-error'), '');
  const form = new FormData();
  files.forEach((file) => form.append('files', file, file.name));
  $('batch').hidden = false;
  $('csv-link').hidden = true;
  $('batch-progress').value = 0;
  $('batch-status').textContent = 'uploading ' + files.length + ' file(s)…';
  const response = await fetch('/api/v1/batches', { method: 'POST', headers: headers(), body: form });
  if (response.status !== 202) {
    $('batch').hidden = true;
    showError($('batch-error'), await failure(response));
    return;
  }
  follow((await response.json()).id);
});

async function follow(batchId) {
  const response = await fetch('/api/v1/batches/' + batchId, { headers: headers() });
  if (!response.ok) {
    showError($('batch-error'), await failure(response));
    return;
  }
  const batch = await response.json();
  $('batch-progress').max = batch.total;
  $('batch-progress').value = batch.done;
  $('batch-status').textContent = batch.done + ' of ' + batch.total + ' read (' + batch.failed + ' failed) · '
      + batch.status;
  if (batch.status !== 'COMPLETE') {
    setTimeout(() => follow(batchId), 500);
    return;
  }
  const csv = await fetch(batch.submission, { headers: headers() });
  const link = $('csv-link');
  link.href = URL.createObjectURL(await csv.blob());
  link.download = batchId + '.csv';
  link.hidden = false;
}

// Character accuracy against operations per character, marker area by parameter count: the course's chart. The
// comparison is public, so it is charted without a key; the page says there is none only when the gateway says so.
async function drawComparison() {
  const response = await fetch('/api/v1/model-comparison');
  if (response.status === 404) {
    $('no-comparison').hidden = false;
    return;
  }
  if (!response.ok) {
    $('comparison-error').textContent = 'the model comparison could not be read: ' + await failure(response);
    $('comparison-error').hidden = false;
    return;
  }
  const comparison = await response.json();
  const models = comparison.models || [];
  $('no-comparison').hidden = models.length > 0;
  if (!models.length) return;
  const width = 640, height = 360, margin = 50;
  // Whole decades around the operations, and accuracy over its whole range.
  const minLog = Math.floor(Math.log10(Math.min(...models.map((m) => m.flops))));
  const maxLog = Math.max(minLog + 1, Math.ceil(Math.log10(Math.max(...models.map((m) => m.flops)))));
  const maxAccuracy = 1;
  const maxParams = Math.max(...models.map((m) => m.parameters));
  const x = (flops) => margin + (Math.log10(flops) - minLog) / (maxLog - minLog) * (width - 2 * margin);
  const y = (accuracy) => height - margin - accuracy / maxAccuracy * (height - 2 * margin);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
  svg.setAttribute('width', width);
  const add = (tag, attributes, text) => {
    const element = document.createElementNS(ns, tag);
    Object.entries(attributes).forEach(([k, v]) => element.setAttribute(k, v));
    if (text) element.textContent = text;
    svg.appendChild(element);
  };
  add('line', { x1: margin, y1: height - margin, x2: width - margin, y2: height - margin, stroke: '#888' });
  add('line', { x1: margin, y1: margin, x2: margin, y2: height - margin, stroke: '#888' });
  add('text', { x: width / 2, y: height - 10, 'text-anchor': 'middle' }, 'operations per character (log scale)');
  add('text', { x: 12, y: height / 2, transform: 'rotate(-90 12 ' + height / 2 + ')', 'text-anchor': 'middle' },
      'character accuracy on val');
  for (let decade = minLog; decade <= maxLog; decade++) {
    add('text', { x: x(10 ** decade), y: height - margin + 16, 'text-anchor': 'middle' }, '1e' + decade);
  }
  [0, maxAccuracy / 2, maxAccuracy].forEach((a) =>
    add('text', { x: margin - 6, y: y(a) + 4, 'text-anchor': 'end' }, a.toFixed(2)));
  models.forEach((m) => {
    const r = 4 + 20 * Math.sqrt(m.parameters / maxParams);
    add('circle', { cx: x(m.flops), cy: y(m.characterAccuracy), r: r, fill: '#3b7dd8', 'fill-opacity': 0.5 });
    add('text', { x: x(m.flops) + r + 2, y: y(m.characterAccuracy) + 4 }, m.name);
  });
  $('comparison').replaceChildren(svg);
}

drawComparison();
