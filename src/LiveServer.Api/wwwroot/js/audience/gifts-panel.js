// Virtual gifts: the catalogue (Interactive:Gifts, from GET /v2/rooms/{roomId}/gifts/catalogue) as buttons, a recipient among the room's hosts, POST /v2/rooms/{roomId}/gifts
// {giftId, to}; every page shows a toast for each giftSent and the leaderboard (GET
// …/gifts/leaderboard), read again after gifts arrive.

import { byData, h, showAlert } from './dom.js';
import { itemsOf, requestJson, roomPath } from './rest.js';

/** Pictures for the default catalogue's gifts (appsettings.json); other gifts show their name only. */
const GIFT_EMOJI = { rose: '🌹', heart: '💖', star: '⭐', rocket: '🚀' };

/** How long a toast stays. */
const TOAST_MS = 6000;

/** How long after a giftSent the leaderboard is read again (one read for a burst). */
const LEADERBOARD_DELAY_MS = 300;

/** The gifts panel and its toasts. */
export class GiftsPanel {
  #el;
  #room;
  #hosts;
  #catalogue = [];
  #leaderboardTimer = 0;

  /**
   * @param {{ catalogue: HTMLElement, recipient: HTMLSelectElement, leaderboard: HTMLElement, toasts: HTMLElement, error: HTMLElement }} el
   * @param {import('./room-connection.js').RoomConnection} connection
   * @param {import('../watch/hosts-list.js').HostsList} hosts
   */
  constructor(el, connection, hosts) {
    this.#el = el;
    this.#room = connection.roomId;
    this.#hosts = hosts;
    hosts.onChange(() => this.#listRecipients());
    connection.on('giftSent', message => {
      this.#toast(message);
      window.clearTimeout(this.#leaderboardTimer);
      this.#leaderboardTimer = window.setTimeout(() => void this.#loadLeaderboard(), LEADERBOARD_DELAY_MS);
    });
  }

  /** Reads the catalogue (once) and the leaderboard. */
  async reset() {
    if (this.#catalogue.length === 0) {
      await this.#loadCatalogue();
    }
    await this.#loadLeaderboard();
  }

  /** Turns sending off (the viewer was removed from the room). */
  disable() {
    this.#el.catalogue.querySelectorAll('button').forEach(b => { b.disabled = true; });
    this.#el.recipient.disabled = true;
  }

  async #loadCatalogue() {
    const result = await requestJson('GET', roomPath(this.#room, 'gifts', 'catalogue'));
    if (!result.ok) {
      showAlert(this.#el.error, `Could not load the gifts: ${result.message}`);
      return;
    }

    this.#catalogue = itemsOf(result.data, 'gifts', 'data')
      .map(g => ({ giftId: g.id ?? g.giftId, name: g.name ?? g.id ?? g.giftId, value: g.value ?? 0, emoji: GIFT_EMOJI[g.id ?? g.giftId] ?? '' }))
      .filter(g => g.giftId);
    this.#el.catalogue.replaceChildren(...this.#catalogue.map(gift => h('button', {
      type: 'button', className: 'gift', dataset: { giftId: gift.giftId },
      attrs: { 'aria-label': `Send ${gift.name} (${gift.value})` },
      on: { click: () => void this.#send(gift.giftId) },
    },
    gift.emoji ? h('span', { className: 'emoji', attrs: { 'aria-hidden': 'true' }, text: gift.emoji }) : null,
    h('span', { className: 'name', text: gift.name }),
    h('span', { className: 'value', text: String(gift.value) }))));
    this.#listRecipients();
  }

  #listRecipients() {
    const select = this.#el.recipient;
    const chosen = select.value;
    const hosts = this.#hosts.hosts;
    select.replaceChildren(...hosts.map(host => new Option(host.name, host.participantId)));
    if (hosts.some(host => host.participantId === chosen)) {
      select.value = chosen;
    }

    const none = hosts.length === 0;
    select.disabled = none;
    this.#el.catalogue.querySelectorAll('button').forEach(b => { b.disabled = none; });
  }

  async #send(giftId) {
    const to = this.#el.recipient.value;
    if (!to) {
      showAlert(this.#el.error, 'Choose a host to send the gift to.');
      return;
    }

    const result = await requestJson('POST', roomPath(this.#room, 'gifts'), { giftId, to });
    showAlert(this.#el.error, result.ok ? '' : `The gift was not sent: ${result.message}`);
  }

  async #loadLeaderboard() {
    const result = await requestJson('GET', roomPath(this.#room, 'gifts', 'leaderboard'));
    if (!result.ok) {
      return; // The catalogue's error says it already when gifts are missing.
    }

    const entries = itemsOf(result.data, 'entries', 'data');
    const list = this.#el.leaderboard;
    list.replaceChildren(...entries.map(entry => {
      const id = entry.participantId ?? '';
      return h('li', { dataset: { participantId: id } },
        h('span', { className: 'name', text: entry.name ?? this.#hosts.nameOf(id) ?? id }),
        h('span', { className: 'meta total', text: String(entry.total ?? 0) }));
    }));
    if (entries.length === 0) {
      list.append(h('li', { className: 'empty', text: 'No gifts yet.' }));
    }
  }

  #toast(message) {
    if (message.giftSentId && byData(this.#el.toasts, 'giftSentId', message.giftSentId)) {
      return;
    }

    const to = this.#hosts.nameOf(message.toId) ?? message.toName ?? message.toId;
    const toast = h('div', { className: 'toast', attrs: { role: 'status' }, dataset: { giftSentId: message.giftSentId ?? '' } },
      h('strong', { className: 'from', text: message.fromName || message.fromId }),
      ' sent ',
      h('strong', { className: 'gift-name', text: message.giftName || message.giftId }),
      ' to ',
      h('strong', { className: 'to', text: to }));
    this.#el.toasts.append(toast);
    window.setTimeout(() => toast.remove(), TOAST_MS);
  }
}
