// Moderation: deleting a chat message (DELETE /v2/rooms/{roomId}/pubsub/CHAT/{id}), banning a
// participant (POST /v2/rooms/{roomId}/bans {participantId}) and lifting a ban (DELETE
// /v2/rooms/{roomId}/bans/{participantId}). The moderator's list shows the room's bans (GET
// …/bans, then participantBanned and participantUnbanned) with an Unban button each. On a viewer's page a
// participantBanned naming the viewer itself says it was removed.

import { byData, h, showAlert, timeOf } from './dom.js';
import { authHeaders } from '../token.js';
import { itemsOf, requestJson, roomPath } from './rest.js';
import { CHAT_TOPIC } from './chat-panel.js';

/** The moderation actions and the bans list. */
export class ModerationPanel {
  #el;
  #room;
  #role;
  #onRemoved;
  /** participantId → display name, from what the page saw (chat senders, raised hands). */
  #names = new Map();

  /**
   * @param {{ list: HTMLElement, error: HTMLElement }} el
   * @param {import('./room-connection.js').RoomConnection} connection
   * @param {import('./token-role.js').TokenRole} role
   * @param {() => void} onRemoved called when this page's own participant is banned
   */
  constructor(el, connection, role, onRemoved) {
    this.#el = el;
    this.#room = connection.roomId;
    this.#role = role;
    this.#onRemoved = onRemoved;
    connection.on('participantBanned', message => this.#banned(message));
    connection.on('participantUnbanned', message => this.#unbanned(message.participantId));
  }

  /** Moderators: lists the room's bans. */
  async reset() {
    if (!this.#role.moderator) {
      return;
    }

    const result = await requestJson('GET', roomPath(this.#room, 'bans'));
    if (!result.ok) {
      showAlert(this.#el.error, `Could not list the bans: ${result.message}`);
      return;
    }

    this.#el.list.replaceChildren();
    itemsOf(result.data).forEach(ban => this.#banned({ participantId: ban.participantId, at: ban.bannedAt }));
    this.#showEmpty();
  }

  /** True on a moderator's page. */
  get moderator() {
    return this.#role.moderator;
  }

  /** Remembers a participant's display name, for the bans list. */
  remember(participantId, name) {
    if (participantId && name) {
      this.#names.set(participantId, name);
    }
  }

  /**
   * After the hub connection closed: true when the server now refuses this page's token in the room
   * (403 on the chat history, as it does for a banned participant), so the close was a ban.
   */
  async refusesMe() {
    try {
      const response = await fetch(`${roomPath(this.#room, 'pubsub', CHAT_TOPIC)}?limit=1`, { headers: { Accept: 'application/json', ...authHeaders() } });
      return response.status === 403;
    } catch {
      return false;
    }
  }

  /** Deletes a chat message; resolves to '' or why it failed. */
  async deleteMessage(messageId) {
    const result = await requestJson('DELETE', roomPath(this.#room, 'pubsub', CHAT_TOPIC, messageId));
    return result.ok ? '' : `Not deleted: ${result.message}`;
  }

  /** Bans a participant from the room; resolves to '' or why it failed. */
  async ban(participantId, name) {
    this.remember(participantId, name);
    const result = await requestJson('POST', roomPath(this.#room, 'bans'), { participantId });
    return result.ok ? '' : `Not banned: ${result.message}`;
  }

  async #unban(participantId) {
    const result = await requestJson('DELETE', roomPath(this.#room, 'bans', participantId));
    if (result.ok || result.status === 404) {
      this.#unbanned(participantId);
      showAlert(this.#el.error, '');
    } else {
      showAlert(this.#el.error, `Not unbanned: ${result.message}`);
    }
  }

  #banned(message) {
    if (!this.#role.moderator) {
      if (message.participantId && message.participantId === this.#role.participantId) {
        this.#onRemoved();
      }
      return;
    }

    if (byData(this.#el.list, 'participantId', message.participantId)) {
      return;
    }

    const name = this.#names.get(message.participantId) ?? message.participantId;
    this.#el.list.querySelector('.empty')?.remove();
    this.#el.list.append(h('li', { dataset: { participantId: message.participantId } },
      h('span', { className: 'name', text: name }),
      timeOf(message.at),
      h('button', {
        type: 'button', className: 'small', text: 'Unban',
        attrs: { 'aria-label': `Lift the ban of ${name}` },
        on: { click: () => void this.#unban(message.participantId) },
      })));
  }

  #unbanned(participantId) {
    byData(this.#el.list, 'participantId', participantId)?.remove();
    this.#showEmpty();
  }

  #showEmpty() {
    if (!this.#el.list.querySelector('li[data-participant-id]') && !this.#el.list.querySelector('.empty')) {
      this.#el.list.append(h('li', { className: 'empty', text: 'No one is banned.' }));
    }
  }
}
