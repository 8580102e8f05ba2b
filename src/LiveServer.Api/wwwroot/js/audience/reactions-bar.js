// Reactions: a button per type sends the hub's React(roomId, type); the server counts the room's
// reactions and pushes `reactions {counts}` every 250 ms, and each page floats that many emoji over the
// picture (at most MAX_FLOATS per type and push, so a busy room stays readable). The page's own click
// floats when its count comes back, like everyone else's.

import { h, showAlert } from './dom.js';

/** The reaction types the page offers, with their emoji and names. */
export const REACTIONS = [
  { type: 'heart', emoji: '❤️', name: 'Heart' },
  { type: 'clap', emoji: '👏', name: 'Clap' },
  { type: 'laugh', emoji: '😂', name: 'Laugh' },
  { type: 'wow', emoji: '😮', name: 'Wow' },
];

/** The most emoji floated per type for one push. */
const MAX_FLOATS = 8;

/** How long a floating emoji lives when no animationend arrives (reduced motion, hidden tab). */
const FLOAT_LIFETIME_MS = 2500;

/** The reaction buttons and the layer over the picture. */
export class ReactionsBar {
  #el;
  #connection;
  /** type → how many reactions this page has been told of since it opened. */
  #received = new Map();

  /**
   * @param {{ bar: HTMLElement, layer: HTMLElement, error: HTMLElement }} el
   * @param {import('./room-connection.js').RoomConnection} connection
   */
  constructor(el, connection) {
    this.#el = el;
    this.#connection = connection;
    el.bar.replaceChildren(...REACTIONS.map(r => h('button', {
      type: 'button', className: 'reaction', dataset: { reaction: r.type },
      attrs: { 'aria-label': r.name, title: r.name },
      on: { click: () => void this.#react(r.type) },
    }, h('span', { attrs: { 'aria-hidden': 'true' }, text: r.emoji }))));
    connection.on('reactions', message => this.#float(message.counts ?? {}));
  }

  /** Turns the buttons off (the viewer was removed from the room). */
  disable() {
    this.#el.bar.querySelectorAll('button').forEach(b => { b.disabled = true; });
  }

  async #react(type) {
    try {
      await this.#connection.invoke('React', this.#connection.roomId, type);
      showAlert(this.#el.error, '');
    } catch (e) {
      showAlert(this.#el.error, `Reaction not sent: ${e.message}`);
    }
  }

  #float(counts) {
    const layer = this.#el.layer;
    for (const [type, count] of Object.entries(counts)) {
      const reaction = REACTIONS.find(r => r.type === type);
      const total = (this.#received.get(type) ?? 0) + Number(count);
      this.#received.set(type, total);
      // The running total, for tests and overlays that want a number rather than an animation.
      layer.dataset[`received${type[0].toUpperCase()}${type.slice(1)}`] = String(total);
      if (!reaction) {
        continue;
      }

      for (let i = 0; i < Math.min(Number(count), MAX_FLOATS); i++) {
        const emoji = h('span', { className: 'reaction-float', dataset: { reaction: type }, text: reaction.emoji });
        emoji.style.left = `${10 + Math.random() * 80}%`;
        emoji.style.animationDelay = `${i * 120}ms`;
        const remove = () => emoji.remove();
        emoji.addEventListener('animationend', remove);
        window.setTimeout(remove, FLOAT_LIFETIME_MS + i * 120);
        layer.append(emoji);
      }
    }
  }
}
