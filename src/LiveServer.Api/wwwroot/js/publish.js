// The publish page: the browser's camera and microphone sent to a LiveServer room over WHIP
// (RFC 9725, WebRTC-HTTP Ingestion Protocol).
//
// The WHIP exchange itself is js/whip/whip-publication.js (shared with the watch page's stage).
//
// `?autostart=1` (with `room` and `name`) goes live as soon as the camera is open, without a click:
// for kiosks and browser sources (OBS). Every state change is also logged to the console.
//
// Screen share: with "Share screen" checked, getDisplayMedia's track is published as the screen
// (WhipPublication marks its m-section `a=content:slides`).

import { queryParam } from './problem.js';
import { accessToken, authHeaders, noteRefusal, onTokenChange } from './token.js';
import { WhipPublication, WhipRefusal } from './whip/whip-publication.js';

// Kept importable from here (tests and older bookmarks import them from this page's module).
export { parseIceServerLinks } from './whip/ice-server-links.js';
export { markSlides } from './whip/whip-publication.js';

const el = {
  form: document.getElementById('session-form'),
  room: document.getElementById('room'),
  name: document.getElementById('name'),
  goLive: document.getElementById('go-live'),
  leave: document.getElementById('leave'),
  preview: document.getElementById('preview'),
  screenPreview: document.getElementById('screen-preview'),
  shareScreen: document.getElementById('share-screen'),
  overlay: document.getElementById('preview-overlay'),
  state: document.getElementById('state'),
  stats: document.getElementById('stats'),
  error: document.getElementById('error'),
  tokenNote: document.getElementById('token-note'),
  watchLink: document.getElementById('watch-link'),
  navWatch: document.getElementById('nav-watch'),
};

/** `?autostart=1`: go live once the camera is open. */
const autostart = ['1', 'true', 'yes'].includes(queryParam('autostart').toLowerCase());

/** How long a connected session may send no media before the page says so. */
const NO_MEDIA_TIMEOUT_MS = 5000;

/** `?codec=h264` or `?codec=vp8` puts that video codec first in the offer; otherwise the browser's order. */
const preferredVideoCodec = queryParam('codec').toLowerCase();

/** @type {MediaStream | null} */
let stream = null;
/** @type {MediaStream | null} The shared screen while live, from getDisplayMedia. */
let screen = null;
/** @type {{ whip: WhipPublication, pc: RTCPeerConnection, statsTimer: number } | null} */
let session = null;
/** ICE servers the server announced in its last answer. */
let announcedIceServers = [];

el.room.value = queryParam('room');
el.name.value = queryParam('name');
el.tokenNote.hidden = !accessToken();
onTokenChange(token => { el.tokenNote.hidden = !token; });
updateWatchLink();
el.room.addEventListener('input', updateWatchLink);
el.form.addEventListener('submit', event => {
  event.preventDefault();
  void goLive();
});
el.leave.addEventListener('click', () => void leave());
window.addEventListener('pagehide', () => {
  // Best effort: end the session on the server when the tab closes without "Leave".
  session?.whip.deleteOnUnload();
});

void startCamera().then(opened => {
  if (opened && autostart && el.room.value.trim() && el.name.value.trim()) {
    void goLive();
  }
});

/** Opens the camera and microphone and shows the preview. */
async function startCamera() {
  el.overlay.hidden = false;
  el.overlay.textContent = 'Starting your camera…';
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true },
      video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } },
    });
  } catch (e) {
    stream = null;
    el.overlay.textContent = 'Camera and microphone are not available.';
    showError(`Camera and microphone are not available (${e.name}): ${e.message || 'no details'}. ` +
      'Allow access in the browser and press "Go live" to try again.');
    el.goLive.disabled = false;
    return false;
  }

  el.preview.srcObject = stream;
  el.overlay.hidden = true;
  el.goLive.disabled = session !== null;
  return true;
}

/** Sends the offer to the room's WHIP endpoint and applies the answer. */
async function goLive() {
  clearError();
  if (!el.form.reportValidity() || !el.room.value.trim() || !el.name.value.trim()) {
    showError('Enter a room and your name.');
    return;
  }

  // Ask for the screen first, while the click still counts as a user gesture.
  let screenNote = '';
  if (el.shareScreen.checked) {
    try {
      screen = await navigator.mediaDevices.getDisplayMedia({ video: true });
    } catch (e) {
      screen = null;
      screenNote = `Screen sharing was cancelled or is not available (${e.name || 'error'}): going live with the camera only.`;
    }
  }

  showScreenPreview();
  if (!stream && !(await startCamera())) {
    stopScreen();
    return;
  }

  const room = el.room.value.trim();
  const name = el.name.value.trim();
  rememberInAddress(room, name);

  const whip = new WhipPublication({ iceServers: announcedIceServers });
  const pc = whip.pc;
  const current = { whip, pc, statsTimer: 0 };
  session = current;
  setControls({ live: true });
  setState('Preparing', 'warn');
  pc.addEventListener('connectionstatechange', () => showConnectionState(current));
  pc.addEventListener('iceconnectionstatechange', () => console.info(`publish: ICE ${pc.iceConnectionState}`));

  if (screenNote) {
    showError(screenNote);
  }

  try {
    const endpoint = new URL(`/v2/rooms/${encodeURIComponent(room)}/whip`, window.location.href);
    endpoint.searchParams.set('name', name);
    const { answer, iceServers } = await whip.send({
      endpoint,
      headers: authHeaders(),
      stream,
      screen,
      codec: preferredVideoCodec,
      onSending: () => setState('Sending offer', 'warn'),
    });

    if (session !== current) {
      await deleteSession(current); // "Leave" was pressed while the answer was on its way.
      return;
    }

    if (iceServers.length > 0) {
      announcedIceServers = iceServers;
    }

    await whip.accept(answer, iceServers);
    setState('Connecting', 'warn');
    current.statsTimer = window.setInterval(() => void showStats(current), 1000);
    showConnectionState(current);
  } catch (e) {
    if (session !== current) {
      await deleteSession(current);
      return;
    }

    if (e instanceof WhipRefusal) {
      noteRefusal(e.status);
    }
    showError(e instanceof WhipRefusal ? e.message : `Could not go live: ${e.message || e}`);
    await endSession(current);
    stopScreen();
    setState('Offline');
  }
}

/** Ends the session on the server, closes the connection and turns the camera off. */
async function leave() {
  clearError();
  const current = session;
  if (current) {
    await endSession(current);
  }

  stream?.getTracks().forEach(t => t.stop());
  stream = null;
  stopScreen();
  el.preview.srcObject = null;
  el.overlay.hidden = false;
  el.overlay.textContent = 'Camera off. Press "Go live" to start again.';
  setState('Offline');
}

/** Shows the shared screen small over the camera preview, or hides it. */
function showScreenPreview() {
  el.screenPreview.srcObject = screen;
  el.screenPreview.hidden = !screen;
}

/** Stops sharing the screen and hides its preview. */
function stopScreen() {
  screen?.getTracks().forEach(t => t.stop());
  screen = null;
  showScreenPreview();
}

/** Closes the peer connection and ends the session on the server. */
async function endSession(current) {
  if (session === current) {
    session = null;
  }

  window.clearInterval(current.statsTimer);
  current.whip.close();
  el.stats.textContent = '';
  setControls({ live: false });
  await deleteSession(current);
}

/** DELETE on the session URL, once, when the server gave one. */
async function deleteSession(current) {
  try {
    await current.whip.deleteResource();
  } catch (e) {
    if (e instanceof WhipRefusal) {
      noteRefusal(e.status);
      showError(e.message);
    } else {
      showError(`The server could not be reached to end the session: ${e.message || e}`);
    }
  }
}

/**
 * Names the step that failed: no UDP path (ICE never connected: the server's media port is not
 * reachable from here), the encryption handshake (ICE connected, DTLS did not finish).
 */
function describeFailure(current) {
  const dtls = current.pc.getSenders().find(s => s.transport)?.transport?.state;
  if (!current.whip.iceConnected) {
    return 'No UDP path to the server: ICE found no working pair of addresses, so the server\'s media port ' +
      '(UDP, WebRtc:UdpPort) is not reachable from this browser, or the server announces an address this ' +
      'network cannot reach (set WebRtc:PublicAddresses). Press "Leave" and try again.';
  }

  return `The encryption handshake (DTLS${dtls ? `, ${dtls}` : ''}) did not finish after ICE connected. ` +
    'Press "Leave" and try again; the server log says why it ended the session.';
}

function showConnectionState(current) {
  if (session !== current) {
    return;
  }

  console.info(`publish: connection ${current.pc.connectionState}`);

  switch (current.pc.connectionState) {
    case 'connected':
      setState('Live', 'live');
      break;
    case 'disconnected':
      setState('Reconnecting', 'warn');
      break;
    case 'failed':
      setState('Connection failed', 'error');
      showError(describeFailure(current));
      break;
    case 'closed':
      setState('Offline');
      break;
    default:
      setState('Connecting', 'warn');
  }
}

async function showStats(current) {
  if (session !== current || current.pc.connectionState !== 'connected') {
    return;
  }

  const report = await current.pc.getStats();
  const now = performance.now();
  let video = null;
  let audioBytes = 0;
  report.forEach(s => {
    if (s.type === 'outbound-rtp' && s.kind === 'video') video = s;
    if (s.type === 'outbound-rtp' && s.kind === 'audio') audioBytes = s.bytesSent;
  });
  const bytes = (video?.bytesSent ?? 0) + audioBytes;
  current.connectedAt ??= now;
  if (bytes === 0 && now - current.connectedAt > NO_MEDIA_TIMEOUT_MS && !current.noMediaShown) {
    current.noMediaShown = true;
    setState('No media', 'error');
    showError('Connected, but no media is being sent: the camera and microphone tracks produce nothing. ' +
      'Check that no other program holds the camera, then press "Leave" and try again.');
    return;
  }

  if (!video) {
    return;
  }

  const previous = current.lastStats;
  current.lastStats = { bytes, at: now };
  if (!previous) {
    return;
  }

  const kbps = Math.round(((bytes - previous.bytes) * 8) / (now - previous.at));
  const size = video.frameWidth ? `${video.frameWidth}×${video.frameHeight}` : '';
  const fps = video.framesPerSecond ? ` at ${Math.round(video.framesPerSecond)} fps` : '';
  el.stats.textContent = `${size}${fps}, ${kbps} kbit/s`;
}

function setControls({ live }) {
  el.goLive.disabled = live;
  el.leave.disabled = !live;
  el.room.disabled = live;
  el.name.disabled = live;
}

function setState(text, tone = '') {
  el.state.textContent = text;
  if (tone) {
    el.state.dataset.tone = tone;
  } else {
    delete el.state.dataset.tone;
  }
}

function showError(message) {
  console.warn(`publish: ${message}`);
  el.error.textContent = message;
  el.error.hidden = false;
}

function clearError() {
  el.error.textContent = '';
  el.error.hidden = true;
}

function updateWatchLink() {
  const room = el.room.value.trim();
  const href = room ? `watch.html?room=${encodeURIComponent(room)}` : 'watch.html';
  el.watchLink.href = href;
  el.navWatch.href = href;
}

/** Keeps room and name in the address so that a reload comes back to them; other parameters stay as they were. */
function rememberInAddress(room, name) {
  const params = new URLSearchParams(window.location.search);
  params.set('room', room);
  params.set('name', name);
  window.history.replaceState(null, '', `?${params}`);
}
