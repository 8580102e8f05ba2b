// The room's chat: pubsub topic CHAT. The JoinRoom snapshot brings the last persisted messages, the
// hub's pubsubMessage the new ones, messageDeleted takes one away; sending is the hub's
// Publish(roomId, 'CHAT', text, { persist: true }). Moderators get, per message, Delete (REST DELETE
// /v2/rooms/{roomId}/pubsub/CHAT/{id}) and Ban of its sender. Messages are text: shown with textContent.

import { byData, h, showAlert, timeOf } from './dom.js';

/** The chat topic. */
export const CHAT_TOPIC = 'CHAT';

/** How many messages the list keeps (older ones scroll away). */
const MAX_MESSAGES = 200;

/** The chat panel. */
export class ChatPanel {
  #el;
  #connection;
  #moderation;

  /**
   * @param {{ list: HTMLElement, form: HTMLFormElement, input: HTMLInputElement, send: HTMLButtonElement, error: HTMLElement }} el
   * @param {import('./room-connection.js').RoomConnection} connection
   * @param {{ moderator: boolean, deleteMessage: (id: string) => Promise<string>, ban: (participantId: string, name: string) => Promise<string> }} moderation
   *   the moderator's actions, each resolving to '' or the reason it failed
   */
  constructor(el, connection, moderation) {
    this.#el = el;
    this.#connection = connection;
    this.#moderation = moderation;
    el.form.addEventListener('submit', event => {
      event.preventDefault();
      void this.#send();
    });
    connection.on('pubsubMessage', message => {
      if (message.topic === CHAT_TOPIC) {
        this.#add(message);
      }
    });
    connection.on('messageDeleted', message => {
      if (message.topic === CHAT_TOPIC) {
        byData(this.#el.list, 'messageId', message.id)?.remove();
        this.#showEmpty();
      }
    });
  }

  /** Replaces the messages with the snapshot's. */
  reset(messages) {
    this.#el.list.replaceChildren();
    for (const message of messages ?? []) {
      this.#add(message);
    }
    this.#showEmpty();
  }

  /** Turns sending off and says why (the viewer was removed from the room). */
  disable(reason) {
    this.#el.input.disabled = true;
    this.#el.send.disabled = true;
    showAlert(this.#el.error, reason);
  }

  async #send() {
    const text = this.#el.input.value.trim();
    if (!text) {
      return;
    }

    this.#el.send.disabled = true;
    showAlert(this.#el.error, '');
    try {
      await this.#connection.invoke('Publish', this.#connection.roomId, CHAT_TOPIC, text, { persist: true });
      this.#el.input.value = '';
    } catch (e) {
      showAlert(this.#el.error, `Not sent: ${e.message}`);
    } finally {
      this.#el.send.disabled = this.#el.input.disabled;
      this.#el.input.focus();
    }
  }

  #add(message) {
    const list = this.#el.list;
    if (byData(list, 'messageId', message.id)) {
      return;
    }

    list.querySelector('.empty')?.remove();
    const stick = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    const item = h('li', { dataset: { messageId: message.id, senderId: message.senderId } },
      h('span', { className: 'sender', text: message.senderName || message.senderId }),
      h('span', { className: 'text', text: message.message }),
      timeOf(message.at));
    if (this.#moderation.moderator) {
      item.append(this.#moderatorActions(message, item));
    }

    list.append(item);
    while (list.children.length > MAX_MESSAGES) {
      list.firstElementChild.remove();
    }

    if (stick) {
      list.scrollTop = list.scrollHeight;
    }
  }

  #moderatorActions(message, item) {
    const name = message.senderName || message.senderId;
    const actions = h('span', { className: 'actions' },
      h('button', {
        type: 'button', className: 'small', text: 'Delete', dataset: { action: 'delete' },
        attrs: { 'aria-label': `Delete the message from ${name}` },
        on: { click: async () => this.#report(await this.#moderation.deleteMessage(message.id)) },
      }));
    if (message.senderId && message.senderId !== 'moderator') {
      actions.append(h('button', {
        type: 'button', className: 'small danger', text: 'Ban', dataset: { action: 'ban' },
        attrs: { 'aria-label': `Ban ${name} from the room` },
        on: { click: async () => this.#report(await this.#moderation.ban(message.senderId, name)) },
      }));
    }

    item.classList.add('moderated');
    return actions;
  }

  #report(failure) {
    showAlert(this.#el.error, failure);
  }

  #showEmpty() {
    if (!this.#el.list.querySelector('li[data-message-id]') && !this.#el.list.querySelector('.empty')) {
      this.#el.list.append(h('li', { className: 'empty', text: 'No messages yet.' }));
    }
  }
}
