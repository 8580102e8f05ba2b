// The room's livestream on the watch page: its status badge and history (hlsStateChanged), the links to
// its playlists, the player following it, and for moderators the control bar that starts and stops it
// through the REST API (POST /v2/hls/start, /v2/hls/end).

import { describeRefusal } from '../problem.js';
import { authHeaders, noteRefusal } from '../token.js';

/** States in which a livestream of the room is running (so it can be stopped, not started). */
const RUNNING = new Set(['HLS_STARTING', 'HLS_STARTED', 'HLS_PLAYABLE']);

/** Badge text and tone per status. */
const BADGES = {
  HLS_STARTING: ['Starting', 'warn'],
  HLS_STARTED: ['Starting', 'warn'],
  HLS_PLAYABLE: ['Live', 'live'],
  HLS_STOPPING: ['Ending', 'warn'],
  HLS_STOPPED: ['Ended', ''],
  HLS_FAILED: ['Failed', 'error'],
};

/** The livestream part of the page. */
export class LivestreamPanel {
  /** The room's latest livestream as last heard: { id, status }. */
  #livestream = null;
  #el;
  #player;
  #room;
  #page;

  /**
   * @param {Record<string, HTMLElement>} el status, states, statesEmpty, controls, quality, layout, start, stop, links, liveUrl, playbackUrl
   * @param {import('./live-player.js').LivePlayer} player
   * @param {string} room
   * @param {{ showError: (message: string) => void, clearError: () => void }} page
   */
  constructor(el, player, room, page) {
    this.#el = el;
    this.#player = player;
    this.#room = room;
    this.#page = page;
    el.controls.addEventListener('submit', event => {
      event.preventDefault();
      void this.#start();
    });
    el.stop.addEventListener('click', () => void this.#stop());
  }

  /** True while a livestream of the room runs. */
  get running() {
    return this.#livestream !== null && RUNNING.has(this.#livestream.status);
  }

  /** Applies the snapshot's running livestream (null: none runs). */
  fromSnapshot(active) {
    if (!active) {
      if (this.running) {
        this.#livestream = null; // It ended while the page was disconnected.
      }
      this.#updateControls();
      return;
    }

    if (this.#livestream?.id === active.id && this.#livestream.status === active.status) {
      return;
    }

    const first = this.#livestream === null;
    this.#livestream = { id: active.id, status: active.status };
    this.#addStateEntry({ ...active, at: new Date().toISOString() }, first ? 'running when the page opened' : 'after reconnecting');
    this.#apply(active);
  }

  /** Applies an hlsStateChanged event. */
  onStateChanged(message) {
    this.#livestream = { id: message.id, status: message.status };
    this.#addStateEntry(message);
    this.#apply(message);
  }

  /** Shows a status and does what it calls for: play once playable, tear down on failure. */
  #apply(message) {
    this.#setBadge(message.status);
    this.#updateControls();
    if (message.livestreamUrl) {
      this.#showLinks(message.livestreamUrl, message.playbackHlsUrl);
    }

    switch (message.status) {
      case 'HLS_STARTING':
      case 'HLS_STARTED':
        this.#player.showOverlay('The livestream is starting…');
        break;
      case 'HLS_PLAYABLE':
        this.#player.play(message.livestreamUrl);
        break;
      case 'HLS_STOPPING':
        // The live playlist gets its last segments and an end; let the player reach it.
        break;
      case 'HLS_STOPPED':
        if (!this.#player.active) {
          this.#player.showOverlay('The livestream has ended.');
        }
        break;
      case 'HLS_FAILED':
        this.#player.stop();
        this.#player.showOverlay('The livestream failed.');
        this.#page.showError(`The livestream failed${message.reason ? `: ${message.reason}` : '.'}`);
        break;
    }
  }

  async #start() {
    this.#page.clearError();
    this.#el.start.disabled = true;
    const config = { quality: this.#el.quality.value, layout: { type: this.#el.layout.value } };
    try {
      const response = await postJson('/v2/hls/start', { roomId: this.#room, config });
      if (!response.ok) {
        noteRefusal(response.status);
        this.#page.showError(`The livestream did not start: ${await describeRefusal(response)}`);
        return;
      }

      const started = await response.json();
      if (this.#livestream?.id !== started.id) {
        // The events about it, when they arrived first, are newer.
        this.#livestream = { id: started.id, status: started.status };
        this.#setBadge(started.status);
      }
    } catch (e) {
      this.#page.showError(`The livestream did not start: ${e.message || e}`);
    } finally {
      this.#updateControls();
    }
  }

  async #stop() {
    this.#page.clearError();
    this.#el.stop.disabled = true;
    try {
      const response = await postJson('/v2/hls/end', { roomId: this.#room });
      if (!response.ok) {
        noteRefusal(response.status);
        this.#page.showError(`The livestream did not stop: ${await describeRefusal(response)}`);
      }
    } catch (e) {
      this.#page.showError(`The livestream did not stop: ${e.message || e}`);
    } finally {
      this.#updateControls();
    }
  }

  #addStateEntry(message, note = '') {
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
    this.#el.states.append(item);
    this.#el.statesEmpty.hidden = true;
  }

  #setBadge(status) {
    const [text, tone] = BADGES[status] || [status, ''];
    this.#el.status.textContent = text;
    this.#el.status.title = status;
    if (tone) {
      this.#el.status.dataset.tone = tone;
    } else {
      delete this.#el.status.dataset.tone;
    }
  }

  #updateControls() {
    const running = this.running;
    this.#el.start.disabled = running;
    this.#el.stop.disabled = !running;
    this.#el.quality.disabled = running;
    this.#el.layout.disabled = running;
  }

  #showLinks(liveUrl, playbackUrl) {
    this.#el.liveUrl.href = this.#el.liveUrl.textContent = liveUrl;
    this.#el.playbackUrl.href = this.#el.playbackUrl.textContent = playbackUrl;
    this.#el.links.hidden = false;
  }
}

function postJson(url, body) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...authHeaders() },
    body: JSON.stringify(body),
  });
}
