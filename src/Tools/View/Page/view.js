// edge-lstm view: draws each robot's odometry track, predicted paths and (when the source has it)
// ground truth from the server-sent events of /events; with a model that publishes its spread, the
// 90 % region of each pose of the current path as an ellipse. No libraries: the page must work offline.
'use strict';

const TRACK_POINTS = 6000;       // about 2 minutes at 50 Hz, thinned to 1 cm steps
const FADING_PATHS = 8;          // older predictions drawn fading behind the current one
const FADING_EVERY_S = 0.25;     // one kept a quarter second, so the fading ones spread out
const RATE_WINDOW_MS = 2000;
const FIT_SECONDS = 20;          // the map fits the last 20 s of track and the current path
const AUTO_OPEN = 4;             // up to this many robots each get their map at once; a fleet gets the overview and maps on demand
// The 90 % ellipse of a published spread S is e' S^-1 e <= 4.605, Gaussian or not: with Student-t
// regions (spread_dof) the published σ are those of the Gaussian with the same 90 % ellipse.
const R2_90 = -2 * Math.log(0.1);

const robots = new Map();
const main = document.getElementById('robots');
const brokerLabel = document.getElementById('broker');
const template = document.getElementById('robot-card');
const overview = document.getElementById('overview');
const overviewRows = overview.querySelector('tbody');

// Every robot has its data and a row in the overview; its card (the map) exists only while open,
// so fifty robots cost fifty table rows, not fifty canvases redrawn at 50 Hz.
function robot(id) {
  let r = robots.get(id);
  if (r) return r;
  document.getElementById('empty')?.remove();
  const row = document.createElement('tr');
  row.dataset.overview = id;
  row.innerHTML = '<td class="name"></td><td class="state">unknown</td><td class="rate">–</td><td class="latency">–</td><td class="count">0</td><td class="lost">0</td><td class="broker">–</td>';
  row.querySelector('.name').textContent = id;
  row.addEventListener('click', () => toggle(robots.get(id), true));
  r = {
    id, row, card: null, canvas: null, fields: null, byUser: false, state: 'unknown', broker: '–', gain: null,
    track: [], gt: [], align: null, current: null, fading: [], arrivals: [],
    lastSeq: null, lastT: null, count: 0, lost: 0, latencyUs: 0, dirty: true, view: null,
  };
  const ids = [...robots.keys(), id].sort();
  overviewRows.insertBefore(row, robots.get(ids[ids.indexOf(id) + 1])?.row ?? null);
  robots.set(id, r);
  if (robots.size <= AUTO_OPEN) {
    open(r, false);
  } else {
    // A fleet: the overview first; maps the user did not ask for are closed.
    overview.hidden = false;
    for (const other of robots.values()) if (other.card && !other.byUser) close(other);
  }
  return r;
}

function open(r, byUser) {
  if (r.card) return;
  const card = template.content.firstElementChild.cloneNode(true);
  card.dataset.robot = r.id;
  card.querySelector('.name').textContent = r.id;
  card.querySelector('.close').addEventListener('click', () => close(r));
  const field = name => card.querySelector('.' + name);
  r.card = card;
  r.canvas = card.querySelector('canvas');
  r.fields = { state: field('state'), rate: field('rate'), latency: field('latency'), count: field('count'), lost: field('lost'), speed: field('speed'), model: field('model'), gain: field('gain'), radius: field('radius') };
  r.byUser = byUser;
  r.view = null;
  r.dirty = true;
  showState(r);
  main.appendChild(card);
  r.row.classList.add('open');
}

function close(r) {
  r.card?.remove();
  r.card = null; r.canvas = null; r.fields = null; r.byUser = false;
  r.row.classList.remove('open');
}

function toggle(r, byUser) {
  if (r.card) close(r); else open(r, byUser);
}

function showState(r) {
  const className = 'state ' + r.state.replace(/[^a-z]/gi, '');
  for (const cell of [r.row.querySelector('.state'), r.fields?.state]) {
    if (!cell) continue;
    cell.textContent = r.state;
    cell.className = className;
  }
  // The guard's share of the network's correction (1 all of it, 0 physics alone), in the robot's card.
  if (r.fields?.gain) r.fields.gain.textContent = r.gain === null ? '–' : r.gain.toFixed(2);
}

function onPrediction(message) {
  const r = robot(message.robot);
  const p = message.payload;
  if (r.lastT !== null && (p.t < r.lastT || (r.lastSeq !== null && p.seq < r.lastSeq))) {
    // Time went backwards: a new run (another replay); its track has nothing to do with the old one.
    r.track = []; r.gt = []; r.fading = []; r.current = null; r.lastSeq = null;
  }
  if (r.lastSeq !== null && p.seq > r.lastSeq + 1) r.lost += p.seq - r.lastSeq - 1;
  r.lastSeq = p.seq;
  r.lastT = p.t;
  r.count++;
  r.latencyUs = p.latency_us;
  r.speed = p.v;
  r.model = p.model;
  r.arrivals.push(performance.now());

  const last = r.track[r.track.length - 1];
  if (!last || Math.hypot(p.pose.x - last[0], p.pose.y - last[1]) > 0.01) {
    r.track.push([p.pose.x, p.pose.y, p.t]);
    if (r.track.length > TRACK_POINTS) r.track.splice(0, r.track.length - TRACK_POINTS);
  }
  const path = [[p.pose.x, p.pose.y]].concat(p.path.map(q => [q[0], q[1]]));
  if (r.current && p.t - (r.fading.length ? r.fading[r.fading.length - 1].t : -Infinity) >= FADING_EVERY_S) {
    r.fading.push(r.current);
    if (r.fading.length > FADING_PATHS) r.fading.shift();
  }
  r.current = { t: p.t, path, regions: Array.isArray(p.spread) ? p.path.map((q, k) => region(q, p.spread[k])).filter(e => e) : [] };
  r.radius = r.current.regions.length ? [1, 2].map(s => r.current.regions[Math.round(s / p.dt) - 1]?.a) : null;

  if (p.gt) {
    r.gt.push([p.gt.x, p.gt.y, p.t]);
    if (r.gt.length > TRACK_POINTS) r.gt.splice(0, r.gt.length - TRACK_POINTS);
    // Ground truth is in the world frame and odometry drifts from it: draw the true track in the
    // frame where the true pose now coincides with the odometry pose, so both meet at the robot.
    const turn = p.pose.yaw - p.gt.yaw;
    r.align = { c: Math.cos(turn), s: Math.sin(turn), gx: p.gt.x, gy: p.gt.y, ox: p.pose.x, oy: p.pose.y };
  }
  r.dirty = true;
}

// The 90 % ellipse of a pose from its spread [σx, σy, ρ, σyaw]: the covariance's eigenvalues give
// the semi-axes (√(r²·λ)), its eigenvector the orientation.
function region(pose, spread) {
  if (!Array.isArray(spread) || spread.length < 3) return null;
  const [sx, sy, rho] = spread;
  const xx = sx * sx, yy = sy * sy, xy = rho * sx * sy;
  const mid = (xx + yy) / 2, half = Math.sqrt(((xx - yy) / 2) ** 2 + xy * xy);
  return { x: pose[0], y: pose[1], a: Math.sqrt(R2_90 * (mid + half)), b: Math.sqrt(R2_90 * Math.max(mid - half, 0)), angle: 0.5 * Math.atan2(2 * xy, xx - yy) };
}

function onStatus(message) {
  const r = robot(message.robot);
  r.state = String(message.payload.state ?? 'unknown');
  r.broker = String(message.payload.details?.link?.broker ?? r.broker);
  const gain = message.payload.details?.guard?.mean_gain;
  r.gain = typeof gain === 'number' ? gain : r.gain;
  showState(r);
}

function onBroker(state) {
  brokerLabel.textContent = state.connected ? `broker ${state.uri}` : `broker ${state.uri}: ${state.error ?? 'disconnected'}`;
  brokerLabel.classList.toggle('down', !state.connected);
}

function aligned(r, point) {
  const a = r.align;
  const dx = point[0] - a.gx, dy = point[1] - a.gy;
  return [a.ox + a.c * dx - a.s * dy, a.oy + a.s * dx + a.c * dy];
}

function niceStep(span) {
  const raw = span / 8;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  return [1, 2, 5, 10].map(m => m * power).find(step => step >= raw);
}

function fit(r, points) {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of points) {
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  const span = Math.max(4, (maxX - minX) * 1.2, (maxY - minY) * 1.2);
  const target = { cx: (minX + maxX) / 2, cy: (minY + maxY) / 2, span };
  // Ease toward the new fit so the map does not jump at every prediction.
  r.view = r.view ? {
    cx: r.view.cx + (target.cx - r.view.cx) * 0.15,
    cy: r.view.cy + (target.cy - r.view.cy) * 0.15,
    span: r.view.span + (target.span - r.view.span) * 0.15,
  } : target;
  return r.view;
}

function draw(r) {
  const canvas = r.canvas;
  const ratio = window.devicePixelRatio || 1;
  const width = Math.round(canvas.clientWidth * ratio), height = Math.round(canvas.clientHeight * ratio);
  if (canvas.width !== width || canvas.height !== height) { canvas.width = width; canvas.height = height; }
  const g = canvas.getContext('2d');
  g.setTransform(1, 0, 0, 1, 0, 0);
  g.clearRect(0, 0, width, height);
  if (!r.current) return;

  const since = r.lastT - FIT_SECONDS;
  const recentTrack = r.track.filter(p => p[2] >= since);
  const recentGt = r.align ? r.gt.filter(p => p[2] >= since).map(p => aligned(r, p)) : [];
  const view = fit(r, recentTrack.concat(r.current.path, recentGt));
  const scale = Math.min(width, height) / view.span;
  // World (x forward at start, y left) to canvas: y up on screen, as on a map.
  const toCanvas = ([x, y]) => [width / 2 + (x - view.cx) * scale, height / 2 - (y - view.cy) * scale];

  drawGrid(g, view, scale, width, height, ratio);
  const line = (points, style, lineWidth, dash) => {
    if (points.length < 2) return;
    g.strokeStyle = style; g.lineWidth = lineWidth * ratio; g.setLineDash(dash.map(d => d * ratio));
    g.beginPath();
    points.forEach((p, i) => { const [cx, cy] = toCanvas(p); if (i === 0) g.moveTo(cx, cy); else g.lineTo(cx, cy); });
    g.stroke();
  };
  const css = getComputedStyle(document.documentElement);
  const predicted = css.getPropertyValue('--predicted').trim();
  line(r.track, css.getPropertyValue('--odom').trim(), 2, []);
  if (r.align) line(r.gt.map(p => aligned(r, p)), css.getPropertyValue('--actual').trim(), 2, [6, 4]);
  if (r.current.regions.length) {
    // One path for all the ellipses, filled once: their union is a band of even tint around the path.
    const tint = css.getPropertyValue('--region').trim();
    g.beginPath();
    for (const e of r.current.regions) {
      const [cx, cy] = toCanvas([e.x, e.y]);
      g.moveTo(cx + e.a * scale * Math.cos(-e.angle), cy + e.a * scale * Math.sin(-e.angle));
      g.ellipse(cx, cy, Math.max(e.a * scale, 0.5), Math.max(e.b * scale, 0.5), -e.angle, 0, 2 * Math.PI);
    }
    g.fillStyle = `rgba(${tint}, 0.25)`; g.fill();
    g.strokeStyle = `rgba(${tint}, 0.8)`; g.lineWidth = ratio; g.setLineDash([]); g.stroke();
  }
  r.fading.forEach((old, i) => line(old.path, `rgba(${predicted}, ${0.12 + 0.4 * (i + 1) / (r.fading.length + 1)})`, 1.5, []));
  line(r.current.path, `rgb(${predicted})`, 3, []);

  const [rx, ry] = toCanvas(r.current.path[0]);
  g.fillStyle = '#222';
  g.beginPath(); g.arc(rx, ry, 4 * ratio, 0, 2 * Math.PI); g.fill();
}

function drawGrid(g, view, scale, width, height, ratio) {
  const step = niceStep(view.span);
  const left = view.cx - width / 2 / scale, right = view.cx + width / 2 / scale;
  const bottom = view.cy - height / 2 / scale, top = view.cy + height / 2 / scale;
  g.strokeStyle = '#e6e6e6'; g.lineWidth = 1; g.setLineDash([]);
  g.beginPath();
  for (let x = Math.ceil(left / step) * step; x <= right; x += step) {
    const cx = width / 2 + (x - view.cx) * scale; g.moveTo(cx, 0); g.lineTo(cx, height);
  }
  for (let y = Math.ceil(bottom / step) * step; y <= top; y += step) {
    const cy = height / 2 - (y - view.cy) * scale; g.moveTo(0, cy); g.lineTo(width, cy);
  }
  g.stroke();
  g.fillStyle = '#888'; g.font = `${11 * ratio}px system-ui, sans-serif`;
  g.fillText(`grid ${step} m`, 6 * ratio, height - 6 * ratio);
}

function updateStats(r, now) {
  while (r.arrivals.length && now - r.arrivals[0] > RATE_WINDOW_MS) r.arrivals.shift();
  const rate = `${(r.arrivals.length * 1000 / RATE_WINDOW_MS).toFixed(1)} Hz`;
  const latency = `${r.latencyUs.toFixed(0)} µs`;
  const row = name => r.row.querySelector('.' + name);
  row('rate').textContent = rate;
  row('latency').textContent = latency;
  row('count').textContent = String(r.count);
  row('lost').textContent = String(r.lost);
  row('broker').textContent = r.broker;
  const f = r.fields;
  if (!f) return;
  f.rate.textContent = rate;
  f.latency.textContent = latency;
  f.count.textContent = String(r.count);
  f.lost.textContent = String(r.lost);
  f.speed.textContent = r.speed === undefined ? '–' : `${r.speed.toFixed(2)} m/s`;
  f.model.textContent = r.model ?? '–';
  f.radius.textContent = r.radius ? r.radius.map(a => a === undefined ? '–' : `${a.toFixed(2)} m`).join(' / ') : 'no spread';
}

let lastStats = 0;
function frame(now) {
  const refreshStats = now - lastStats > 250;
  for (const r of robots.values()) {
    if (r.dirty && r.card) { draw(r); r.dirty = false; }
    if (refreshStats) updateStats(r, now);
  }
  if (refreshStats) lastStats = now;
  requestAnimationFrame(frame);
}

const events = new EventSource('/events');
events.addEventListener('prediction', e => onPrediction(JSON.parse(e.data)));
events.addEventListener('status', e => onStatus(JSON.parse(e.data)));
events.addEventListener('broker', e => onBroker(JSON.parse(e.data)));
events.onerror = () => { brokerLabel.textContent = 'view server unreachable; retrying…'; brokerLabel.classList.add('down'); };
requestAnimationFrame(frame);
