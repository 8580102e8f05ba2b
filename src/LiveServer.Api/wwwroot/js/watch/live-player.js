// The watch page's player: the live playlist through hls.js (lib/hls.min.js, the global `Hls`) in
// low-latency mode, or the browser's own HLS where there is no Media Source Extensions. It shows how
// far behind the hosts it plays and which rendition, lets the viewer pick one, and tells the page the
// wall-clock time of the picture on screen (from EXT-X-PROGRAM-DATE-TIME), so room events can be
// shown in step with it.

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

/** The player of one video element. */
export class LivePlayer {
  /** @type {{ url: string, hls: any } | null} */
  #playing = null;
  #retryTimer = 0;
  #statsTimer = 0;
  #el;
  #callbacks;

  /**
   * @param {{ video: HTMLVideoElement, overlay: HTMLElement, stats: HTMLElement, renditionField: HTMLElement,
   *   rendition: HTMLSelectElement }} el
   * @param {{ onError: (message: string) => void, isRunning: () => boolean }} callbacks
   */
  constructor(el, callbacks) {
    this.#el = el;
    this.#callbacks = callbacks;
    el.rendition.addEventListener('change', () => {
      if (this.#playing?.hls) {
        // -1: hls.js chooses by bandwidth; otherwise that rendition from the next part on.
        this.#playing.hls.currentLevel = Number(el.rendition.value);
      }
    });
    el.video.addEventListener('playing', () => { el.overlay.hidden = true; });
    el.video.addEventListener('ended', () => this.showOverlay('The livestream has ended.'));
  }

  /** True while a playlist is loaded (playing, buffering or paused). */
  get active() {
    return this.#playing !== null;
  }

  /** True while a loaded playlist plays (not paused, not ended). */
  get playing() {
    const video = this.#el.video;
    return this.#playing !== null && !video.paused && !video.ended;
  }

  /**
   * The wall-clock time of the picture on screen (EXT-X-PROGRAM-DATE-TIME, which the server stamps
   * from its compositor clock), or null when no video is playing (none loaded, paused, ended, or a
   * player that does not know it); while it waits for data it is the frozen frame's time.
   * @returns {Date | null}
   */
  get playingDate() {
    const video = this.#el.video;
    // A player that is waiting for data (readyState below 2) still shows its last frame, whose time counts.
    if (!this.#playing || video.paused || video.ended || video.readyState < 1) {
      return null;
    }

    if (this.#playing.hls) {
      return pictureDate(this.#playing.hls, video.currentTime);
    }

    const date = video.getStartDate?.();
    return date && !Number.isNaN(date.getTime()) ? new Date(date.getTime() + video.currentTime * 1000) : null;
  }

  /** Plays `url` (nothing when it plays already). */
  play(url) {
    if (!url || this.#playing?.url === url) {
      return;
    }

    this.stop();
    this.showOverlay('Loading the livestream…');
    const video = this.#el.video;
    if (typeof Hls !== 'undefined' && Hls.isSupported()) {
      const hls = new Hls(HLS_CONFIG);
      this.#playing = { url, hls };
      video.dataset.engine = 'hls.js';
      hls.on(Hls.Events.ERROR, (_, data) => this.#onError(hls, data));
      hls.on(Hls.Events.MANIFEST_PARSED, (_, data) => this.#listRenditions(data.levels));
      hls.loadSource(url);
      hls.attachMedia(video);
      this.#statsTimer = window.setInterval(() => this.#showStats(hls), STATS_INTERVAL_MS);
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      this.#playing = { url, hls: null };
      video.dataset.engine = 'native';
      video.src = url;
    } else {
      this.#callbacks.onError('This browser cannot play HLS (no Media Source Extensions, no native HLS).');
      return;
    }

    video.play().catch(() => this.showOverlay('Press play to watch.'));
  }

  /** Stops playback and unloads the playlist. */
  stop() {
    window.clearTimeout(this.#retryTimer);
    window.clearInterval(this.#statsTimer);
    this.#el.stats.textContent = '';
    this.#el.renditionField.hidden = true;
    if (!this.#playing) {
      return;
    }

    this.#playing.hls?.destroy();
    if (!this.#playing.hls) {
      this.#el.video.removeAttribute('src');
      this.#el.video.load();
    }
    this.#playing = null;
  }

  /** Shows `text` over the picture. */
  showOverlay(text) {
    this.#el.overlay.textContent = text;
    this.#el.overlay.hidden = false;
  }

  #onError(hls, data) {
    if (!data.fatal || this.#playing?.hls !== hls) {
      return;
    }

    const running = this.#callbacks.isRunning();
    if (data.type === Hls.ErrorTypes.NETWORK_ERROR && running) {
      // A playlist or segment could not be loaded: retry while the livestream runs.
      window.clearTimeout(this.#retryTimer);
      this.#retryTimer = window.setTimeout(() => hls.startLoad(), 1000);
    } else if (data.type === Hls.ErrorTypes.MEDIA_ERROR) {
      hls.recoverMediaError();
    } else if (running) {
      this.stop();
      this.showOverlay('Playback stopped.');
      this.#callbacks.onError(`Playback failed (${data.details}).`);
    }
  }

  /** Fills the rendition picker from the multivariant playlist's renditions (Auto first). */
  #listRenditions(levels) {
    const select = this.#el.rendition;
    select.replaceChildren(new Option('Auto', '-1'));
    // hls.js orders its levels by bitrate, lowest first; the picker lists the best first.
    levels
      .map((level, index) => ({ level, index }))
      .sort((a, b) => (b.level.height || 0) - (a.level.height || 0))
      .forEach(({ level, index }) => select.append(new Option(level.height ? `${level.height}p` : 'audio', String(index))));
    select.value = '-1';
    this.#el.renditionField.hidden = levels.length < 2;
  }

  /**
   * Brings playback back to the live edge when it drifted far behind, and shows how far it is behind:
   * hls.js's latency (behind the live edge of the playlist) and, from EXT-X-PROGRAM-DATE-TIME (stamped
   * when the server composed the frame), how far behind the hosts the picture on screen is; and the
   * rendition playing. The figures are also on the video element's data attributes (latency, behind,
   * rendition) for tests and kiosks.
   */
  #showStats(hls) {
    const video = this.#el.video;
    if (!video.paused && hls.targetLatency && hls.latency > hls.targetLatency + MAX_DRIFT_S && Number.isFinite(hls.liveSyncPosition)) {
      video.currentTime = hls.liveSyncPosition;
    }
    const level = hls.currentLevel >= 0 ? hls.levels[hls.currentLevel] : null;
    const latency = Number.isFinite(hls.latency) && hls.latency > 0 ? hls.latency : null;
    const date = pictureDate(hls, video.currentTime);
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
    this.#el.stats.textContent = parts.join(' · ');
  }
}

/**
 * The wall-clock time of the frame at `currentTime`: hls.js's playingDate when it has a valid one; at
 * the live edge, where the playhead is in parts of a segment still being made (hls.js may answer null
 * or an invalid date there), the last listed segment's PROGRAM-DATE-TIME carried forward to the playhead.
 * @returns {Date | null}
 */
function pictureDate(hls, currentTime) {
  const date = hls.playingDate;
  if (date && !Number.isNaN(date.getTime())) {
    return date;
  }

  if (!Number.isFinite(currentTime)) {
    return null;
  }

  // The rendition on screen first; just after a switch its playlist may not be loaded yet, and the
  // renditions share one timeline, so any loaded one tells the time.
  const levels = hls.levels ?? [];
  const current = levels[hls.currentLevel >= 0 ? hls.currentLevel : hls.loadLevel];
  for (const level of [current, ...levels]) {
    const dated = (level?.details?.fragments ?? []).filter((f) => Number.isFinite(f.programDateTime) && f.start <= currentTime);
    const frag = dated.length > 0 ? dated[dated.length - 1] : null;
    if (frag) {
      return new Date(frag.programDateTime + (currentTime - frag.start) * 1000);
    }
  }
  return null;
}
