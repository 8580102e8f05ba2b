// One WHIP session (RFC 9725, WebRTC-HTTP Ingestion Protocol) from this browser: the publish page's
// "Go live" and a viewer invited on stage both use it.
//
// What it does of the RFC: one POST of a complete SDP offer (ICE candidates gathered first, so no
// trickle PATCH is needed), the 201 answer applied, DELETE on the session URL from Location to end
// the session (section 4.2), a bearer token on both (section 4.5, given by the caller as headers),
// and STUN/TURN servers from `Link: <...>; rel="ice-server"` headers (section 4.6), which arrive with
// the answer and are applied to the connection (and handed back for the next session). Left out:
// trickle and ICE restarts (PATCH), and redirects to another endpoint beyond what fetch follows itself.
//
// Screen share: a screen stream's video goes in a second sendonly video transceiver, and its
// m-section of the offer is marked `a=content:slides` (RFC 4796) so the server knows which video is
// the screen. The mark is added to the SDP that is sent, not to the local description: the browser
// needs no part of it, and the answer does not echo it.

import { describeRefusal } from '../problem.js';
import { parseIceServerLinks } from './ice-server-links.js';

/** How long to wait for ICE gathering before sending the candidates found so far. */
export const GATHERING_TIMEOUT_MS = 2000;

/** A refusal whose message is ready to show as it is; `status` is the HTTP status (0 when there was none). */
export class WhipRefusal extends Error {
  /**
   * @param {string} message
   * @param {number} status
   */
  constructor(message, status = 0) {
    super(message);
    this.status = status;
  }
}

/**
 * A WHIP session: the peer connection is made at once (so the caller can listen to its state), `send`
 * posts the offer and returns the answer, `accept` applies it, `close` and `deleteResource` end it.
 */
export class WhipPublication {
  /** @param {{ iceServers?: RTCIceServer[] }} [options] */
  constructor({ iceServers = [] } = {}) {
    /** @type {RTCPeerConnection} */
    this.pc = new RTCPeerConnection({ iceServers, bundlePolicy: 'max-bundle' });
    /** The session's URL from Location, once the server answered. @type {URL | null} */
    this.resourceUrl = null;
    /** Headers sent with the POST, sent again with the DELETE. */
    this.headers = {};
    /** True once ICE connected at least once (tells a network failure from a DTLS one). */
    this.iceConnected = false;
    this.deleted = false;
    this.abort = new AbortController();
    this.pc.addEventListener('iceconnectionstatechange', () => {
      this.iceConnected ||= ['connected', 'completed'].includes(this.pc.iceConnectionState);
    });
  }

  /**
   * Adds the tracks (audio first, then video: one sendonly transceiver each, as WHIP expects; then the
   * screen), gathers candidates, POSTs the offer to `endpoint` and returns the answer's SDP with the
   * ICE servers it announced. Throws {@link WhipRefusal} when the server does not answer 201.
   * @param {{ endpoint: URL | string, headers?: Record<string, string>, stream: MediaStream,
   *   screen?: MediaStream | null, codec?: string, gatheringTimeoutMs?: number, onSending?: () => void }} request
   * @returns {Promise<{ answer: string, iceServers: RTCIceServer[] }>}
   */
  async send({ endpoint, headers = {}, stream, screen = null, codec = '', gatheringTimeoutMs = GATHERING_TIMEOUT_MS, onSending = () => {} }) {
    this.headers = headers;
    for (const kind of ['audio', 'video']) {
      for (const track of stream.getTracks().filter(t => t.kind === kind)) {
        const transceiver = this.pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
        if (track.kind === 'video') {
          preferCodec(transceiver, codec);
        }
      }
    }

    let screenTransceiver = null;
    for (const track of screen?.getVideoTracks() ?? []) {
      track.contentHint = 'detail';
      screenTransceiver = this.pc.addTransceiver(track, { direction: 'sendonly', streams: [screen] });
      preferCodec(screenTransceiver, codec);
    }

    await this.pc.setLocalDescription(await this.pc.createOffer());
    await iceGatheringComplete(this.pc, gatheringTimeoutMs);
    onSending();
    const offer = screenTransceiver?.mid
      ? markSlides(this.pc.localDescription.sdp, screenTransceiver.mid)
      : this.pc.localDescription.sdp;

    const url = new URL(endpoint, window.location.href);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp', ...headers },
      body: offer,
      signal: this.abort.signal,
    });
    if (response.status !== 201) {
      throw new WhipRefusal(`The server refused to publish: ${await describeRefusal(response)}`, response.status);
    }

    const location = response.headers.get('Location');
    if (location) {
      // RFC 9110: a relative Location is relative to the URL that was requested.
      this.resourceUrl = new URL(location, response.url || url);
    }

    return { answer: await response.text(), iceServers: parseIceServerLinks(response.headers.get('Link')) };
  }

  /**
   * Applies the answer (and the ICE servers it announced). Throws {@link WhipRefusal} when the server
   * gave no Location, since the session could then not be ended.
   * @param {string} answer
   * @param {RTCIceServer[]} iceServers
   */
  async accept(answer, iceServers = []) {
    if (iceServers.length > 0) {
      this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
    }

    if (!this.resourceUrl) {
      throw new WhipRefusal('The server answered without a Location header, so the session could not be ended later.');
    }

    await this.pc.setRemoteDescription({ type: 'answer', sdp: answer });
  }

  /** Cancels a request on its way and closes the connection (the server session stays until {@link deleteResource}). */
  close() {
    this.abort.abort();
    this.pc.close();
  }

  /**
   * DELETE on the session URL, once, when the server gave one. Throws {@link WhipRefusal} when the
   * server refuses (a 404 is fine: the session is gone already), and fetch's error when unreachable.
   */
  async deleteResource() {
    if (!this.resourceUrl || this.deleted) {
      return;
    }

    this.deleted = true;
    const response = await fetch(this.resourceUrl, { method: 'DELETE', headers: this.headers });
    if (!response.ok && response.status !== 404) {
      throw new WhipRefusal(`The server did not end the session: ${await describeRefusal(response)}`, response.status);
    }
  }

  /** Best effort DELETE as the tab closes (keepalive outlives the page). */
  deleteOnUnload() {
    if (this.resourceUrl && !this.deleted) {
      this.deleted = true;
      fetch(this.resourceUrl, { method: 'DELETE', headers: this.headers, keepalive: true }).catch(() => {});
    }
  }
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
