// The watch page: a room's livestream and its live status. Subscribes to the room over SignalR
// (/hubs/rooms, JoinRoom) for hlsStateChanged and participant events, plays the live playlist with
// hls.js in low-latency mode (or the browser's own HLS where there is no Media Source Extensions),
// shows how far behind the hosts it plays and which rendition, and can start and stop the room's
// livestream through the REST API.

import { describeRefusal, queryParam } from './problem.js';
import { accessToken, authHeaders, noteRefusal } from './token.js';

/** States in which a livestream of the room is running (so it can be stopped, not started). */
const RUNNING = new Set(['HLS_STARTING', 'HLS_STARTED', 'HLS_PLAYABLE']);

/**
 * Low-latency HLS: hls.js loads parts with blocking playlist reloads and plays PART-HOLD-BACK behind
 * the live edge (three parts, about 0.6 s), speeding up a little when it falls behind; it picks the
 * rendition from the measured bandwidth.
 */
const HLS_CONFIG = {
  lowLatencyMode: true,
  maxLiveSyncPlaybackRate: 1.2,
  backBufferLength: 30,
  enableWorker: true,
};

/** How often the latency and rendition line is refreshed (and the distance to live checked). */
const STATS_INTERVAL_MS = 500;

/**
 * Seconds past hls.js's target latency after which the page jumps back to the live edge. hls.js speeds
 * up only within one target duration of its target; a stall or a rendition switch on a busy machine
 * can leave it further behind for good, which an interactive audience must not be.
 */
const MAX_DRIFT_S = 3;

const el = {
  roomTitle: document.getElementById('room-title'),
  roomForm: document.getElementById('room-form'),
  roomView: document.getElementById('room-view'),
  player: document.getElementById('player'),
  overlay: document.getElementById('player-overlay'),
  status: document.getElementById('status'),
  connection: document.getElementById('connection'),
  controls: document.getElementById('controls'),
  quality: document.getElementById('quality'),
  layout: document.getElementById('layout'),
  start: document.getElementById('start'),
  stop: document.getElementById('stop'),
  error: document.getElementById('error'),
  links: document.getElementById('links'),
  liveUrl: document.getElementById('live-url'),
  playbackUrl: document.getElementById('playback-url'),
  participants: document.getElementById('participants'),
  participantCount: document.getElementById('participant-count'),
  states: document.getElementById('states'),
  statesEmpty: document.getElementById('states-empty'),
  navPublish: document.getElementById('nav-publish'),
  playbackStats: document.getElementById('playback-stats'),
  renditionField: document.getElementById('rendition-field'),
  rendition: document.getElementById('rendition'),
};

const room = queryParam('room');

/** The room's latest livestream as last heard: { id, status }. */
let livestream = null;
/** Livestream ids whose hlsStateChanged events this page has received. */
const heardOf = new Set();
/** @type {{ url: string, hls: any } | null} */
let playing = null;
let retryTimer = 0;
let statsTimer = 0;

if (!room) {
  el.roomForm.hidden = false;
  document.getElementById('room-input').focus();
} else {
  void open();
}

async function open() {
  document.title = `${room} · Watch · LiveServer`;
  el.roomTitle.textContent = room;
  el.roomView.hidden = false;
  el.navPublish.href = `publish.html?room=${encodeURIComponent(room)}`;
  el.controls.addEventListener('submit', event => {
    event.preventDefault();
    void startLivestream();
  });
  el.stop.addEventListener('click', () => void stopLivestream());
  el.rendition.addEventListener('change', () => {
    if (playing?.hls) {
      // -1: hls.js chooses by bandwidth; otherwise that rendition from the next part on.
      playing.hls.currentLevel = Number(el.rendition.value);
    }
  });
  el.player.addEventListener('playing', () => { el.overlay.hidden = true; });
  el.player.addEventListener('ended', () => {
    showOverlay('The livestream has ended.');
  });

  if (typeof signalR === 'undefined') {
    showError('The realtime client (lib/signalr.min.js) did not load. Run scripts/setup.sh on the server.');
    return;
  }

  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/rooms', { accessTokenFactory: () => accessToken() })
    .withAutomaticReconnect()
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  connection.on('hlsStateChanged', onHlsStateChanged);
  connection.on('participantJoined', onParticipantJoined);
  connection.on('participantLeft', onParticipantLeft);
  connection.onreconnecting(() => { el.connection.textContent = 'Reconnecting…'; });
  connection.onreconnected(async () => {
    // A new connection is in no group yet, and events may have been missed meanwhile.
    if (await joinRoom(connection)) {
      await Promise.all([loadParticipants(), loadActiveLivestream()]);
    }
  });
  connection.onclose(() => {
    el.connection.textContent = 'Disconnected from the server. Reload the page to try again.';
  });

  try {
    await connection.start();
  } catch (e) {
    el.connection.textContent = 'Not connected.';
    const message = String(e.message || e);
    noteRefusal(message.includes('401') ? 401 : message.includes('403') ? 403 : 0);
    showError(`Could not connect to the server's realtime channel: ${e.message || e}`);
    return;
  }

  if (await joinRoom(connection)) {
    await Promise.all([loadParticipants(), loadActiveLivestream()]);
  }
}

async function joinRoom(connection) {
  try {
    await connection.invoke('JoinRoom', room);
    el.connection.textContent = 'Connected: status changes show as they happen.';
    return true;
  } catch (e) {
    el.connection.textContent = 'Not subscribed to this room.';
    // The hub's message reads "... HubException: Room 'x' does not exist."; show what follows it.
    const message = String(e.message || e);
    if (message.includes('does not allow room')) {
      noteRefusal(403); // The token is restricted to another room.
    }
    showError(message.includes('HubException: ') ? message.slice(message.lastIndexOf('HubException: ') + 14) : message);
    return false;
  }
}

/** Applies a livestream that runs already when the page opens (or after a reconnect). */
async function loadActiveLivestream() {
  let response;
  try {
    response = await fetch(`/v2/hls/${encodeURIComponent(room)}/active`, { headers: { Accept: 'application/json', ...authHeaders() } });
  } catch (e) {
    showError(`Could not ask the server for the running livestream: ${e.message || e}`);
    return;
  }

  if (response.status === 404) {
    if (!livestream) {
      updateControls();
    }
    return;
  }

  if (!response.ok) {
    noteRefusal(response.status);
    showError(`Could not ask the server for the running livestream: ${await describeRefusal(response)}`);
    return;
  }

  const active = await response.json();
  if (heardOf.has(active.id)) {
    return; // The events about it arrived first and are newer.
  }

  livestream = { id: active.id, status: active.status };
  addStateEntry({ ...active, at: new Date().toISOString() }, 'running when the page opened');
  applyStatus(active);
}

function onHlsStateChanged(message) {
  if (message.roomId !== room) {
    return;
  }

  heardOf.add(message.id);
  livestream = { id: message.id, status: message.status };
  addStateEntry(message);
  applyStatus(message);
}

/** Shows a status and does what it calls for: play once playable, tear down on failure. */
function applyStatus(message) {
  setBadge(message.status);
  updateControls();
  if (message.livestreamUrl) {
    showLinks(message.livestreamUrl, message.playbackHlsUrl);
  }

  switch (message.status) {
    case 'HLS_STARTING':
    case 'HLS_STARTED':
      showOverlay('The livestream is starting…');
      break;
    case 'HLS_PLAYABLE':
      play(message.livestreamUrl);
      break;
    case 'HLS_STOPPING':
      // The live playlist gets its last segments and an end; let the player reach it.
      break;
    case 'HLS_STOPPED':
      if (!playing) {
        showOverlay('The livestream has ended.');
      }
      break;
    case 'HLS_FAILED':
      stopPlayer();
      showOverlay('The livestream failed.');
      showError(`The livestream failed${message.reason ? `: ${message.reason}` : '.'}`);
      break;
  }
}

function play(url) {
  if (!url || playing?.url === url) {
    return;
  }

  stopPlayer();
  showOverlay('Loading the livestream…');
  const video = el.player;
  if (typeof Hls !== 'undefined' && Hls.isSupported()) {
    const hls = new Hls(HLS_CONFIG);
    playing = { url, hls };
    video.dataset.engine = 'hls.js';
    hls.on(Hls.Events.ERROR, (_, data) => onPlayerError(hls, data));
    hls.on(Hls.Events.MANIFEST_PARSED, (_, data) => listRenditions(data.levels));
    hls.loadSource(url);
    hls.attachMedia(video);
    statsTimer = window.setInterval(() => showPlaybackStats(hls), STATS_INTERVAL_MS);
  } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
    playing = { url, hls: null };
    video.dataset.engine = 'native';
    video.src = url;
  } else {
    showError('This browser cannot play HLS (no Media Source Extensions, no native HLS).');
    return;
  }

  video.play().catch(() => showOverlay('Press play to watch.'));
}

function onPlayerError(hls, data) {
  if (!data.fatal || playing?.hls !== hls) {
    return;
  }

  if (data.type === Hls.ErrorTypes.NETWORK_ERROR && livestream && RUNNING.has(livestream.status)) {
    // A playlist or segment could not be loaded: retry while the livestream runs.
    window.clearTimeout(retryTimer);
    retryTimer = window.setTimeout(() => hls.startLoad(), 1000);
  } else if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
    hls.recoverMediaError();
  } else if (livestream && RUNNING.has(livestream.status)) {
    stopPlayer();
    showOverlay('Playback stopped.');
    showError(`Playback failed (${data.details}).`);
  }
}

/** Fills the rendition picker from the multivariant playlist's renditions (Auto first). */
function listRenditions(levels) {
  el.rendition.replaceChildren(new Option('Auto', '-1'));
  // hls.js orders its levels by bitrate, lowest first; the picker lists the best first.
  levels
    .map((level, index) => ({ level, index }))
    .sort((a, b) => (b.level.height || 0) - (a.level.height || 0))
    .forEach(({ level, index }) => el.rendition.append(new Option(level.height ? `${level.height}p` : 'audio', String(index))));
  el.rendition.value = '-1';
  el.renditionField.hidden = levels.length < 2;
}

/**
 * Brings playback back to the live edge when it drifted far behind, and shows how far it is behind: hls.js's latency (behind the live edge of the playlist) and,
 * from EXT-X-PROGRAM-DATE-TIME (stamped when the server composed the frame), how far behind the
 * hosts the picture on screen is; and the rendition playing. The figures are also on the video
 * element's data attributes (latency, behind, rendition) for tests and kiosks.
 */
function showPlaybackStats(hls) {
  const video = el.player;
  if (!video.paused && hls.targetLatency && hls.latency > hls.targetLatency + MAX_DRIFT_S && Number.isFinite(hls.liveSyncPosition)) {
    video.currentTime = hls.liveSyncPosition;
  }
  const level = hls.currentLevel >= 0 ? hls.levels[hls.currentLevel] : null;
  const latency = Number.isFinite(hls.latency) && hls.latency > 0 ? hls.latency : null;
  const date = hls.playingDate;
  const behind = date ? (Date.now() - date.getTime()) / 1000 : null;
  const rendition = level ? (level.height ? `${level.height}p` : 'audio') : null;
  video.dataset.latency = latency?.toFixed(2) ?? '';
  video.dataset.behind = behind?.toFixed(2) ?? '';
  video.dataset.rendition = rendition ?? '';
  const parts = [];
  if (latency !== null) {
    parts.push(`${latency.toFixed(1)} s behind live`);
  }
  if (behind !== null) {
    parts.push(`${behind.toFixed(1)} s behind the hosts`);
  }
  if (rendition) {
    parts.push(`${rendition}${hls.autoLevelEnabled ? ' (auto)' : ''}`);
  }
  el.playbackStats.textContent = parts.join(' · ');
}

function stopPlayer() {
  window.clearTimeout(retryTimer);
  window.clearInterval(statsTimer);
  el.playbackStats.textContent = '';
  el.renditionField.hidden = true;
  if (!playing) {
    return;
  }

  playing.hls?.destroy();
  if (!playing.hls) {
    el.player.removeAttribute('src');
    el.player.load();
  }
  playing = null;
}

async function startLivestream() {
  clearError();
  el.start.disabled = true;
  const config = { quality: el.quality.value, layout: { type: el.layout.value } };
  try {
    const response = await postJson('/v2/hls/start', { roomId: room, config });
    if (!response.ok) {
      noteRefusal(response.status);
      showError(`The livestream did not start: ${await describeRefusal(response)}`);
      return;
    }

    const started = await response.json();
    if (!heardOf.has(started.id)) {
      livestream = { id: started.id, status: started.status };
      setBadge(started.status);
    }
  } catch (e) {
    showError(`The livestream did not start: ${e.message || e}`);
  } finally {
    updateControls();
  }
}

async function stopLivestream() {
  clearError();
  el.stop.disabled = true;
  try {
    const response = await postJson('/v2/hls/end', { roomId: room });
    if (!response.ok) {
      noteRefusal(response.status);
      showError(`The livestream did not stop: ${await describeRefusal(response)}`);
    }
  } catch (e) {
    showError(`The livestream did not stop: ${e.message || e}`);
  } finally {
    updateControls();
  }
}

function postJson(url, body) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...authHeaders() },
    body: JSON.stringify(body),
  });
}

async function loadParticipants() {
  try {
    const response = await fetch(`/v2/rooms/${encodeURIComponent(room)}/participants`, { headers: { Accept: 'application/json', ...authHeaders() } });
    if (!response.ok) {
      noteRefusal(response.status);
      showError(`Could not list the room's hosts: ${await describeRefusal(response)}`);
      return;
    }

    el.participants.replaceChildren();
    for (const participant of await response.json()) {
      addParticipant(participant.participantId, participant.name, participant.kind);
    }
    updateParticipantCount();
  } catch (e) {
    showError(`Could not list the room's hosts: ${e.message || e}`);
  }
}

function onParticipantJoined(message) {
  if (message.roomId === room) {
    addParticipant(message.participantId, message.name);
    updateParticipantCount();
  }
}

function onParticipantLeft(message) {
  if (message.roomId === room) {
    el.participants.querySelector(`li[data-participant-id="${CSS.escape(message.participantId)}"]`)?.remove();
    updateParticipantCount();
  }
}

function addParticipant(id, name, kind) {
  if (el.participants.querySelector(`li[data-participant-id="${CSS.escape(id)}"]`)) {
    return;
  }

  const item = document.createElement('li');
  item.dataset.participantId = id;
  const label = document.createElement('span');
  label.className = 'name';
  label.textContent = name;
  item.append(label);
  if (kind) {
    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = kind === 'webrtc' ? 'browser' : kind;
    item.append(meta);
  }
  el.participants.querySelector('.empty')?.remove();
  el.participants.append(item);
}

function updateParticipantCount() {
  const count = el.participants.querySelectorAll('li[data-participant-id]').length;
  el.participantCount.textContent = count > 0 ? `(${count})` : '';
  if (count === 0 && !el.participants.querySelector('.empty')) {
    const empty = document.createElement('li');
    empty.className = 'empty';
    empty.textContent = 'No one has joined yet.';
    el.participants.append(empty);
  }
}

function addStateEntry(message, note = '') {
  const item = document.createElement('li');
  item.dataset.status = message.status;
  const label = document.createElement('span');
  label.className = 'state';
  label.textContent = message.status + (message.reason ? ` (${message.reason})` : '') + (note ? ` (${note})` : '');
  const time = document.createElement('time');
  time.className = 'meta';
  const at = new Date(message.at);
  time.dateTime = at.toISOString();
  time.textContent = at.toLocaleTimeString();
  item.append(label, time);
  el.states.append(item);
  el.statesEmpty.hidden = true;
}

function setBadge(status) {
  const names = {
    HLS_STARTING: ['Starting', 'warn'],
    HLS_STARTED: ['Starting', 'warn'],
    HLS_PLAYABLE: ['Live', 'live'],
    HLS_STOPPING: ['Ending', 'warn'],
    HLS_STOPPED: ['Ended', ''],
    HLS_FAILED: ['Failed', 'error'],
  };
  const [text, tone] = names[status] || [status, ''];
  el.status.textContent = text;
  el.status.title = status;
  if (tone) {
    el.status.dataset.tone = tone;
  } else {
    delete el.status.dataset.tone;
  }
}

function updateControls() {
  const running = livestream !== null && RUNNING.has(livestream.status);
  el.start.disabled = running;
  el.stop.disabled = !running;
  el.quality.disabled = running;
  el.layout.disabled = running;
}

function showLinks(liveUrl, playbackUrl) {
  el.liveUrl.href = el.liveUrl.textContent = liveUrl;
  el.playbackUrl.href = el.playbackUrl.textContent = playbackUrl;
  el.links.hidden = false;
}

function showOverlay(text) {
  el.overlay.textContent = text;
  el.overlay.hidden = false;
}

function showError(message) {
  el.error.textContent = message;
  el.error.hidden = false;
}

function clearError() {
  el.error.textContent = '';
  el.error.hidden = true;
}
