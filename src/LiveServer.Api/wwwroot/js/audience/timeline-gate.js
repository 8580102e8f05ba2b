// Showing room events in step with the picture. The server stamps each event's `at` and each video
// part's EXT-X-PROGRAM-DATE-TIME from the same clock, so a viewer who watches the hosts a second or two
// late should also see their poll a second or two late: an event whose `at` is later than the picture
// on screen (the player's playingDate) is held until the picture gets there. With no video playing
// (none running, paused, or a player that does not know the time) events show at once; a playing video
// whose time is unknown for a moment (a rendition switch, a playlist not loaded yet) holds them up to
// UNKNOWN_HOLD_MS; and none is held longer than MAX_HOLD_MS, so a stalled player cannot keep the
// audience from voting.

/** The longest an event waits for the picture. */
const MAX_HOLD_MS = 15_000;

/** The longest an event waits while a video plays but its picture's time is not known. */
const UNKNOWN_HOLD_MS = 3_000;

/** How often held events are looked at. */
const CHECK_INTERVAL_MS = 100;

/** A first-in, first-out queue of actions released as the picture reaches their time. */
export class TimelineGate {
  #clock;
  #playing;
  /** @type {{ at: number, heldAt: number, release: () => void }[]} */
  #queue = [];
  #timer = 0;

  /**
   * @param {() => (Date | null)} clock the wall-clock time of the picture on screen, or null when none plays or it is unknown
   * @param {() => boolean} playing whether a video is playing (so an unknown time is worth waiting for)
   */
  constructor(clock, playing = () => false) {
    this.#clock = clock;
    this.#playing = playing;
  }

  /** The wall-clock time of the picture on screen now, or null when none plays. */
  picture() {
    return this.#clock();
  }

  /** How many actions are held. */
  get held() {
    return this.#queue.length;
  }

  /**
   * Runs `release` once the picture reaches `at` (at once when it has, or when nothing plays). Actions
   * run in the order they were given, so a later event never overtakes an earlier one.
   * @param {string | Date} at the event's time
   * @param {() => void} release
   */
  hold(at, release) {
    const time = new Date(at).getTime();
    this.#queue.push({ at: Number.isNaN(time) ? 0 : time, heldAt: Date.now(), release });
    this.#drain();
    if (this.#queue.length > 0 && !this.#timer) {
      this.#timer = window.setInterval(() => this.#drain(), CHECK_INTERVAL_MS);
    }
  }

  /** Drops everything held (a new snapshot replaces what they would have shown). */
  clear() {
    this.#queue = [];
    window.clearInterval(this.#timer);
    this.#timer = 0;
  }

  #drain() {
    const now = Date.now();
    while (this.#queue.length > 0) {
      const head = this.#queue[0];
      const picture = this.#clock();
      const waited = now - head.heldAt;
      const wait = picture ? picture.getTime() < head.at && waited < MAX_HOLD_MS : this.#playing() && waited < UNKNOWN_HOLD_MS;
      if (wait) {
        break;
      }

      this.#queue.shift();
      try {
        head.release();
      } catch (e) {
        console.error('watch: showing a held event failed', e);
      }
    }

    if (this.#queue.length === 0 && this.#timer) {
      window.clearInterval(this.#timer);
      this.#timer = 0;
    }
  }
}
