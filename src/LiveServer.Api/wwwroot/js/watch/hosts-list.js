// The room's hosts (the participants that publish: browsers, OBS, test sources, viewers invited on
// stage), from the JoinRoom snapshot and participantJoined / participantLeft. Other parts of the page
// follow it (the gift recipients); a moderator gets a button per host that takes it off the stage.

import { byData, h } from '../audience/dom.js';

/** The hosts list. */
export class HostsList {
  /** participantId → name, in join order. */
  #hosts = new Map();
  /** participantId → kind (webrtc, test) where the snapshot said. */
  #kinds = new Map();
  #listeners = [];
  #el;
  #removeAction = null;

  /** @param {{ list: HTMLElement, count: HTMLElement }} el */
  constructor(el) {
    this.#el = el;
  }

  /** The hosts, in join order: [{ participantId, name }]. */
  get hosts() {
    return [...this.#hosts].map(([participantId, name]) => ({ participantId, name }));
  }

  /** The display name of host `participantId`, or undefined. */
  nameOf(participantId) {
    return this.#hosts.get(participantId);
  }

  /** Calls `listener()` whenever a host joins or leaves. */
  onChange(listener) {
    this.#listeners.push(listener);
  }

  /** Moderators: each host gets a "Remove from stage" button that calls `action(participantId)`. */
  enableRemoval(action) {
    this.#removeAction = action;
    this.#render();
  }

  /** Replaces the list with the snapshot's hosts. */
  reset(participants) {
    this.#hosts.clear();
    for (const participant of participants ?? []) {
      this.#hosts.set(participant.participantId, participant.name);
    }
    this.#kinds = new Map((participants ?? []).map(p => [p.participantId, p.kind]));
    this.#render();
  }

  /** A participantJoined event. */
  joined(message) {
    if (!this.#hosts.has(message.participantId)) {
      this.#hosts.set(message.participantId, message.name);
      this.#render();
    }
  }

  /** A participantLeft event (or a stageRemoved one). */
  left(message) {
    if (this.#hosts.delete(message.participantId)) {
      this.#render();
    }
  }

  #render() {
    const list = this.#el.list;
    const items = [];
    for (const [id, name] of this.#hosts) {
      const existing = byData(list, 'participantId', id);
      const kind = this.#kinds.get(id);
      items.push(existing && (existing.querySelector('button') !== null) === (this.#removeAction !== null)
        ? existing
        : h('li', { dataset: { participantId: id } },
          h('span', { className: 'name', text: name }),
          kind ? h('span', { className: 'meta', text: kind === 'webrtc' ? 'browser' : kind }) : null,
          this.#removeAction
            ? h('button', {
              type: 'button', className: 'small danger', text: 'Remove from stage',
              attrs: { 'aria-label': `Remove ${name} from the stage` },
              on: { click: () => this.#removeAction(id) },
            })
            : null));
    }

    if (items.length === 0) {
      items.push(h('li', { className: 'empty', text: 'No one has joined yet.' }));
    }

    list.replaceChildren(...items);
    this.#el.count.textContent = this.#hosts.size > 0 ? `(${this.#hosts.size})` : '';
    this.#listeners.forEach(listener => listener());
  }
}
