// The publish page: the browser's camera and microphone sent to a LiveServer room over WHIP
// (RFC 9725, WebRTC-HTTP Ingestion Protocol).
//
// What it does of the RFC: one POST of a complete SDP offer (ICE candidates gathered first, so no
// trickle PATCH is needed), the 201 answer applied, DELETE on the session URL from Location to end
// the session (section 4.2), an optional bearer token on both (section 4.5), and STUN/TURN servers
// from `Link: <...>; rel="ice-server"` headers (section 4.6). Those servers arrive with the answer,
// after this offer gathered its candidates, so they are applied to the connection and also used
// from the start by the next "Go live" on this page. Left out: trickle and ICE restarts (PATCH),
// and redirects to another endpoint beyond what fetch follows itself.
//
// `?autostart=1` (with `room` and `name`) goes live as soon as the camera is open, without a click:
// for kiosks and browser sources (OBS). Every state change is also logged to the console.
//
// Screen share: with "Share screen" checked, getDisplayMedia's track goes in a second sendonly video
// transceiver, and its m-section of the offer is marked `a=content:slides` (RFC 4796) so the server
// knows which video is the screen. The mark is added to the SDP that is sent, not to the local
// description: the browser needs no part of it, and the answer does not echo it.

import { describeRefusal, queryParam } from './problem.js';
import { accessToken, authHeaders, noteRefusal, onTokenChange } from './token.js';

/** How long to wait for ICE gathering before sending the candidates found so far. */
const GATHERING_TIMEOUT_MS = 2000;

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
/** @type {{ pc: RTCPeerConnection, abort: AbortController, resourceUrl: URL | null, deleted: boolean, statsTimer: number } | null} */
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
  if (session?.resourceUrl) {
    fetch(session.resourceUrl, { method: 'DELETE', headers: authHeaders(), keepalive: true }).catch(() => {});
  }
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

  const pc = new RTCPeerConnection({ iceServers: announcedIceServers, bundlePolicy: 'max-bundle' });
  const current = { pc, abort: new AbortController(), resourceUrl: null, deleted: false, statsTimer: 0 };
  session = current;
  setControls({ live: true });
  setState('Preparing', 'warn');
  pc.addEventListener('connectionstatechange', () => showConnectionState(current));
  pc.addEventListener('iceconnectionstatechange', () => {
    current.iceConnected ||= ['connected', 'completed'].includes(pc.iceConnectionState);
    console.info(`publish: ICE ${pc.iceConnectionState}`);
  });

  if (screenNote) {
    showError(screenNote);
  }

  try {
    // Audio first, then video: one sendonly transceiver each, as WHIP expects.
    for (const kind of ['audio', 'video']) {
      for (const track of stream.getTracks().filter(t => t.kind === kind)) {
        const transceiver = pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
        if (track.kind === 'video') {
          preferCodec(transceiver, preferredVideoCodec);
        }
      }
    }

    let screenTransceiver = null;
    for (const track of screen?.getVideoTracks() ?? []) {
      track.contentHint = 'detail';
      screenTransceiver = pc.addTransceiver(track, { direction: 'sendonly', streams: [screen] });
      preferCodec(screenTransceiver, preferredVideoCodec);
    }

    await pc.setLocalDescription(await pc.createOffer());
    await iceGatheringComplete(pc, GATHERING_TIMEOUT_MS);
    setState('Sending offer', 'warn');
    const offer = screenTransceiver?.mid
      ? markSlides(pc.localDescription.sdp, screenTransceiver.mid)
      : pc.localDescription.sdp;

    const endpoint = new URL(`/v2/rooms/${encodeURIComponent(room)}/whip`, window.location.href);
    endpoint.searchParams.set('name', name);
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp', ...authHeaders() },
      body: offer,
      signal: current.abort.signal,
    });
    if (response.status !== 201) {
      noteRefusal(response.status);
      throw new Refused(`The server refused to publish: ${await describeRefusal(response)}`);
    }

    const location = response.headers.get('Location');
    if (location) {
      // RFC 9110: a relative Location is relative to the URL that was requested.
      current.resourceUrl = new URL(location, response.url || endpoint);
    }

    if (session !== current) {
      await deleteSession(current); // "Leave" was pressed while the answer was on its way.
      return;
    }

    const iceServers = parseIceServerLinks(response.headers.get('Link'));
    if (iceServers.length > 0) {
      announcedIceServers = iceServers;
      pc.setConfiguration({ ...pc.getConfiguration(), iceServers });
    }

    const answer = await response.text();

    if (!current.resourceUrl) {
      throw new Refused('The server answered without a Location header, so the session could not be ended later.');
    }

    await pc.setRemoteDescription({ type: 'answer', sdp: answer });
    setState('Connecting', 'warn');
    current.statsTimer = window.setInterval(() => void showStats(current), 1000);
    showConnectionState(current);
  } catch (e) {
    if (session !== current) {
      await deleteSession(current);
      return;
    }

    showError(e instanceof Refused ? e.message : `Could not go live: ${e.message || e}`);
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

/**
 * Adds `a=content:slides` (RFC 4796) to the m-section whose `a=mid` is `mid`, right after that
 * line, so that the server treats the section as a screen share.
 */
export function markSlides(sdp, mid) {
  const lines = sdp.split('\r\n');
  const at = lines.indexOf(`a=mid:${mid}`);
  if (at < 0) {
    return sdp;
  }

  lines.splice(at + 1, 0, 'a=content:slides');
  return lines.join('\r\n');
}

/** Closes the peer connection and ends the session on the server. */
async function endSession(current) {
  if (session === current) {
    session = null;
  }

  current.abort.abort();
  window.clearInterval(current.statsTimer);
  current.pc.close();
  el.stats.textContent = '';
  setControls({ live: false });
  await deleteSession(current);
}

/** DELETE on the session URL, once, when the server gave one. */
async function deleteSession(current) {
  if (!current.resourceUrl || current.deleted) {
    return;
  }

  current.deleted = true;
  try {
    const response = await fetch(current.resourceUrl, { method: 'DELETE', headers: authHeaders() });
    if (!response.ok && response.status !== 404) {
      noteRefusal(response.status);
      showError(`The server did not end the session: ${await describeRefusal(response)}`);
    }
  } catch (e) {
    showError(`The server could not be reached to end the session: ${e.message || e}`);
  }
}

/** Resolves when ICE gathering completes, or after the timeout with the candidates found so far. */
function iceGatheringComplete(pc, timeoutMs) {
  if (pc.iceGatheringState === 'complete') {
    return Promise.resolve();
  }

  return new Promise(resolve => {
    const done = () => {
      window.clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === 'complete') {
        done();
      }
    };
    const timer = window.setTimeout(done, timeoutMs);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

/**
 * ICE servers from Link headers (RFC 9725 section 4.6, RFC 8288):
 * `<turn:turn.example.net?transport=udp>; rel="ice-server"; username="u"; credential="p"`.
 * fetch joins several Link headers with ", ", so links are split outside of <> and quotes.
 */
export function parseIceServerLinks(header) {
  if (!header) {
    return [];
  }

  const links = [];
  let current = '';
  let inUrl = false;
  let inQuotes = false;
  let escaped = false;
  for (const c of header) {
    if (escaped) escaped = false;
    else if (c === '\\' && inQuotes) escaped = true;
    else if (c === '<' && !inQuotes) inUrl = true;
    else if (c === '>' && !inQuotes) inUrl = false;
    else if (c === '"' && !inUrl) inQuotes = !inQuotes;
    if (c === ',' && !inUrl && !inQuotes && !escaped) {
      links.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  links.push(current);

  const servers = [];
  for (const link of links) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(link);
    if (!match) {
      continue;
    }

    const params = {};
    for (const param of match[2].matchAll(/;\s*([a-zA-Z0-9_*-]+)\s*(?:=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*)))?/g)) {
      params[param[1].toLowerCase()] = param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : (param[3] ?? '');
    }

    if ((params.rel || '').split(/\s+/).includes('ice-server')) {
      const server = { urls: match[1] };
      if (params.username !== undefined) server.username = params.username;
      if (params.credential !== undefined) server.credential = params.credential;
      servers.push(server);
    }
  }

  return servers;
}

/**
 * Names the step that failed: no UDP path (ICE never connected: the server's media port is not
 * reachable from here), the encryption handshake (ICE connected, DTLS did not finish).
 */
function describeFailure(current) {
  const dtls = current.pc.getSenders().find(s => s.transport)?.transport?.state;
  if (!current.iceConnected) {
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

/** A refusal whose message is ready to show as it is. */
class Refused extends Error {}

/**
 * Moves the codec named `name` (e.g. "h264") to the front of the transceiver's codec list, so the
 * server, which takes the offer's first codec it supports, picks it. Unknown names change nothing.
 */
function preferCodec(transceiver, name) {
  const capabilities = RTCRtpSender.getCapabilities?.('video');
  if (!name || !capabilities || !transceiver.setCodecPreferences) {
    return;
  }
  const wanted = capabilities.codecs.filter(c => c.mimeType.toLowerCase() === `video/${name}`);
  if (wanted.length === 0) {
    return;
  }
  const others = capabilities.codecs.filter(c => c.mimeType.toLowerCase() !== `video/${name}`);
  transceiver.setCodecPreferences([...wanted, ...others]);
}
