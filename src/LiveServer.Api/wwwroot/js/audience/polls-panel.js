// Polls: the open ones from the JoinRoom snapshot (or GET /v2/rooms/{roomId}/polls?status=open where
// the snapshot has none), then pollStarted, pollUpdated and pollClosed. A viewer votes with POST
// …/polls/{pollId}/votes {optionId} and sees the bars move; a closed poll shows its result. On a
// viewer's page the events pass through the timeline gate, so a poll appears when the picture reaches
// the moment it was opened. Moderators open polls (POST …/polls) and close them (POST …/close); their
// page shows poll events at once.

import { byData, h, showAlert } from './dom.js';
import { itemsOf, requestJson, roomPath } from './rest.js';

/** How many polls the panel shows (newest first); older closed ones drop off. */
const MAX_SHOWN = 3;

/** The polls panel. */
export class PollsPanel {
  #el;
  #room;
  #moderator;
  #gate;
  /** pollId → { pollId, question, options, status, counts, total, closesAt, createdAt } */
  #polls = new Map();
  /** pollId → the option this page voted for ('' when it only knows that it voted). */
  #votes = new Map();

  /**
   * @param {{ list: HTMLElement, empty: HTMLElement, error: HTMLElement, createForm: HTMLFormElement,
   *   question: HTMLInputElement, options: HTMLTextAreaElement, duration: HTMLInputElement, createError: HTMLElement }} el
   * @param {import('./room-connection.js').RoomConnection} connection
   * @param {boolean} moderator
   * @param {import('./timeline-gate.js').TimelineGate | null} gate null: events show at once
   */
  constructor(el, connection, moderator, gate) {
    this.#el = el;
    this.#room = connection.roomId;
    this.#moderator = moderator;
    this.#gate = gate;
    const later = (message, apply) => (gate ? gate.hold(message.at, apply) : apply());
    connection.on('pollStarted', message => later(message, () => this.#put({
      pollId: message.pollId, question: message.question, options: message.options, status: 'open',
      counts: {}, total: 0, closesAt: message.closesAt, createdAt: message.at,
    })));
    connection.on('pollUpdated', message => later(message, () => this.#count(message.pollId, message.counts, message.total)));
    connection.on('pollClosed', message => later(message, () => {
      this.#count(message.pollId, message.counts, message.total, true);
      const poll = this.#polls.get(message.pollId);
      if (poll) {
        poll.status = 'closed';
        this.#render(poll);
      }
    }));
    el.createForm.addEventListener('submit', event => {
      event.preventDefault();
      void this.#create();
    });
  }

  /** Replaces the polls with the snapshot's open ones (fetched when the snapshot carries none). */
  async reset(snapshotPolls) {
    this.#gate?.clear();
    let polls = snapshotPolls;
    if (!Array.isArray(polls)) {
      const result = await requestJson('GET', `${roomPath(this.#room, 'polls')}?status=open`);
      polls = result.ok ? itemsOf(result.data) : [];
      if (!result.ok) {
        showAlert(this.#el.error, `Could not load the open polls: ${result.message}`);
      }
    }

    this.#polls.clear();
    this.#el.list.replaceChildren();
    [...polls].reverse().forEach(poll => this.#put({ ...poll, counts: poll.counts ?? {}, total: poll.total ?? 0 }));
    this.#showEmpty();
  }

  #put(poll) {
    if (this.#polls.has(poll.pollId)) {
      return;
    }

    this.#polls.set(poll.pollId, poll);
    const card = this.#card(poll);
    // When it opened, and the picture's time when it appeared (empty: no video played): the gate's work, visible.
    card.dataset.openedAt = poll.createdAt ?? '';
    card.dataset.pictureAt = this.#gate?.picture()?.toISOString() ?? '';
    this.#el.list.prepend(card);
    while (this.#el.list.children.length > MAX_SHOWN) {
      const last = this.#el.list.lastElementChild;
      this.#polls.delete(last.dataset.pollId);
      last.remove();
    }
    this.#render(poll);
    this.#showEmpty();
  }

  /** New counts; older ones (a smaller total, from an event that was held) never replace newer ones. */
  #count(pollId, counts, total, final = false) {
    const poll = this.#polls.get(pollId);
    if (!poll || (!final && total < poll.total)) {
      return;
    }

    poll.counts = counts ?? {};
    poll.total = total ?? 0;
    this.#render(poll);
  }

  #card(poll) {
    const options = poll.options.map(option => h('li', { dataset: { optionId: option.id } },
      h('button', {
        type: 'button', className: 'poll-option', dataset: { optionId: option.id },
        on: { click: () => void this.#vote(poll.pollId, option.id) },
      },
      h('span', { className: 'label', text: option.text }),
      h('span', { className: 'count', text: '0' })),
      h('div', { className: 'bar', attrs: { 'aria-hidden': 'true' } }, h('div', { className: 'fill' }))));
    const card = h('article', { className: 'poll', dataset: { pollId: poll.pollId } },
      h('h3', { className: 'question', text: poll.question }),
      h('ol', { className: 'options' }, ...options),
      h('p', { className: 'meta' }, h('span', { className: 'total' }), ' ', h('span', { className: 'badge closed-badge', text: 'Closed', hidden: true })));
    if (this.#moderator) {
      card.append(h('button', {
        type: 'button', className: 'small danger close-poll', text: 'Close poll',
        on: { click: () => void this.#close(poll.pollId) },
      }));
    }
    return card;
  }

  #render(poll) {
    const card = byData(this.#el.list, 'pollId', poll.pollId);
    if (!card) {
      return;
    }

    const closed = poll.status === 'closed';
    const voted = this.#votes.get(poll.pollId);
    const highest = Math.max(0, ...poll.options.map(o => Number(poll.counts[o.id] ?? 0)));
    card.dataset.status = closed ? 'closed' : 'open';
    for (const option of poll.options) {
      const count = Number(poll.counts[option.id] ?? 0);
      const item = byData(card, 'optionId', option.id);
      const button = item.querySelector('button');
      button.disabled = closed || voted !== undefined;
      button.setAttribute('aria-pressed', String(voted === option.id));
      button.querySelector('.count').textContent = String(count);
      item.querySelector('.fill').style.width = `${poll.total > 0 ? Math.round((100 * count) / poll.total) : 0}%`;
      item.classList.toggle('winner', closed && count > 0 && count === highest);
      item.classList.toggle('chosen', voted === option.id);
    }

    card.querySelector('.total').textContent = `${poll.total} ${poll.total === 1 ? 'vote' : 'votes'}`;
    card.querySelector('.closed-badge').hidden = !closed;
    const close = card.querySelector('.close-poll');
    if (close) {
      close.hidden = closed;
    }
  }

  async #vote(pollId, optionId) {
    const result = await requestJson('POST', roomPath(this.#room, 'polls', pollId, 'votes'), { optionId });
    const poll = this.#polls.get(pollId);
    if (result.ok) {
      this.#votes.set(pollId, optionId);
      this.#count(pollId, result.data?.counts, result.data?.total ?? 0);
      showAlert(this.#el.error, '');
    } else if (result.status === 409) {
      this.#votes.set(pollId, this.#votes.get(pollId) ?? '');
      showAlert(this.#el.error, result.message);
    } else {
      showAlert(this.#el.error, `Vote not counted: ${result.message}`);
    }

    if (poll) {
      this.#render(poll);
    }
  }

  async #create() {
    const question = this.#el.question.value.trim();
    const options = this.#el.options.value.split('\n').map(o => o.trim()).filter(o => o.length > 0);
    const body = { question, options };
    const duration = Number(this.#el.duration.value);
    if (this.#el.duration.value && duration > 0) {
      body.durationSec = duration;
    }

    const result = await requestJson('POST', roomPath(this.#room, 'polls'), body);
    if (result.ok) {
      this.#el.createForm.reset();
      showAlert(this.#el.createError, '');
    } else {
      showAlert(this.#el.createError, `The poll did not open: ${result.message}`);
    }
  }

  async #close(pollId) {
    const result = await requestJson('POST', roomPath(this.#room, 'polls', pollId, 'close'));
    showAlert(this.#el.error, result.ok || result.status === 409 ? '' : `The poll did not close: ${result.message}`);
  }

  #showEmpty() {
    this.#el.empty.hidden = this.#polls.size > 0;
  }
}
