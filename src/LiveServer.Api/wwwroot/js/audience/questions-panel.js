// Q&A: viewers ask (POST /v2/rooms/{roomId}/questions {text}) and upvote (POST …/questions/{id}/upvotes);
// moderators mark a question answered, with an optional text answer (POST …/answer {answer?}), or hide
// it (POST …/hide). The list comes from GET …/questions?sort=top|new (or the JoinRoom snapshot when it
// carries the questions) and follows questionAsked and questionUpdated; it is sorted by upvotes (top) or
// by time (new) on the page, so a switch needs no request. Hidden questions leave the list.

import { byData, h, showAlert, timeOf } from './dom.js';
import { itemsOf, requestJson, roomPath } from './rest.js';

/** The Q&A panel. */
export class QuestionsPanel {
  #el;
  #room;
  #moderator;
  /** questionId → question as the server last described it. */
  #questions = new Map();
  /** Question ids this page upvoted. */
  #upvoted = new Set();
  #sort = 'top';

  /**
   * @param {{ list: HTMLElement, form: HTMLFormElement, input: HTMLInputElement, error: HTMLElement,
   *   sortTop: HTMLButtonElement, sortNew: HTMLButtonElement }} el
   * @param {import('./room-connection.js').RoomConnection} connection
   * @param {boolean} moderator
   */
  constructor(el, connection, moderator) {
    this.#el = el;
    this.#room = connection.roomId;
    this.#moderator = moderator;
    connection.on('questionAsked', message => this.#put(message.question));
    connection.on('questionUpdated', message => this.#put(message.question));
    el.form.addEventListener('submit', event => {
      event.preventDefault();
      void this.#ask();
    });
    el.sortTop.addEventListener('click', () => this.#sortBy('top'));
    el.sortNew.addEventListener('click', () => this.#sortBy('new'));
    this.#sortBy('top');
  }

  /** Replaces the questions with the snapshot's, or the server's list when the snapshot has none. */
  async reset(snapshotQuestions) {
    let questions = snapshotQuestions;
    if (!Array.isArray(questions)) {
      const result = await requestJson('GET', `${roomPath(this.#room, 'questions')}?sort=${this.#sort}`);
      if (!result.ok) {
        showAlert(this.#el.error, `Could not load the questions: ${result.message}`);
        return;
      }
      questions = itemsOf(result.data);
    }

    this.#questions.clear();
    this.#el.list.replaceChildren();
    questions.forEach(question => this.#put(question));
    this.#order();
  }

  /** Turns asking off (the viewer was removed from the room). */
  disable() {
    this.#el.input.disabled = true;
    this.#el.form.querySelector('button[type=submit]').disabled = true;
  }

  #put(question) {
    if (!question?.questionId) {
      return;
    }

    const existing = byData(this.#el.list, 'questionId', question.questionId);
    if (question.status === 'hidden') {
      this.#questions.delete(question.questionId);
      existing?.remove();
      this.#order();
      return;
    }

    // A REST answer may arrive after a newer event: upvotes only grow, and an answer is never taken back.
    const known = this.#questions.get(question.questionId);
    if (known) {
      question = {
        ...question,
        upvotes: Math.max(known.upvotes ?? 0, question.upvotes ?? 0),
        status: known.status === 'answered' ? 'answered' : question.status,
        answer: question.answer ?? known.answer,
      };
    }

    this.#questions.set(question.questionId, question);
    const item = existing ?? this.#item(question);
    this.#render(item, question);
    if (!existing) {
      this.#el.list.append(item);
    }
    this.#order();
  }

  #item(question) {
    const item = h('li', { className: 'question', dataset: { questionId: question.questionId } },
      h('div', { className: 'question-body' },
        h('span', { className: 'text', text: question.text }),
        h('span', { className: 'meta asker', text: question.askerName || question.askerId }),
        timeOf(question.askedAt),
        h('span', { className: 'badge answered-badge', dataset: { tone: 'ok' }, text: 'Answered', hidden: true }),
        h('p', { className: 'answer', hidden: true })),
      h('div', { className: 'question-actions' },
        h('button', {
          type: 'button', className: 'small upvote',
          on: { click: () => void this.#upvote(question.questionId) },
        }, h('span', { attrs: { 'aria-hidden': 'true' }, text: '▲ ' }), h('span', { className: 'upvotes', text: '0' }))));
    if (this.#moderator) {
      const answerInput = h('input', { className: 'answer-input', type: 'text', maxLength: 500, placeholder: 'Answer (optional)', attrs: { 'aria-label': 'Answer' } });
      item.querySelector('.question-actions').append(
        answerInput,
        h('button', { type: 'button', className: 'small', text: 'Mark answered', dataset: { action: 'answer' }, on: { click: () => void this.#answer(question.questionId, answerInput) } }),
        h('button', { type: 'button', className: 'small danger', text: 'Hide', dataset: { action: 'hide' }, on: { click: () => void this.#hide(question.questionId) } }));
    }
    return item;
  }

  #render(item, question) {
    const answered = question.status === 'answered';
    item.dataset.status = question.status;
    item.dataset.upvotes = String(question.upvotes ?? 0);
    item.querySelector('.upvotes').textContent = String(question.upvotes ?? 0);
    const upvote = item.querySelector('.upvote');
    upvote.disabled = this.#upvoted.has(question.questionId);
    upvote.setAttribute('aria-label', `Upvote (${question.upvotes ?? 0})`);
    item.querySelector('.answered-badge').hidden = !answered;
    const answer = item.querySelector('.answer');
    answer.textContent = question.answer ?? '';
    answer.hidden = !question.answer;
  }

  #sortBy(sort) {
    this.#sort = sort;
    this.#el.sortTop.setAttribute('aria-pressed', String(sort === 'top'));
    this.#el.sortNew.setAttribute('aria-pressed', String(sort === 'new'));
    this.#order();
  }

  /** Puts the items in the chosen order, moving only when it changed. */
  #order() {
    const time = q => new Date(q.askedAt).getTime() || 0;
    const sorted = [...this.#questions.values()].sort(this.#sort === 'top'
      ? (a, b) => (b.upvotes ?? 0) - (a.upvotes ?? 0) || time(a) - time(b)
      : (a, b) => time(b) - time(a));
    const list = this.#el.list;
    const current = [...list.querySelectorAll('li[data-question-id]')].map(i => i.dataset.questionId);
    if (sorted.some((q, i) => current[i] !== q.questionId) || current.length !== sorted.length) {
      list.replaceChildren(...sorted.map(q => byData(list, 'questionId', q.questionId)).filter(Boolean));
    }

    const empty = list.querySelector('.empty');
    if (sorted.length > 0) {
      empty?.remove();
    } else if (!empty) {
      list.append(h('li', { className: 'empty', text: 'No questions yet.' }));
    }
  }

  async #ask() {
    const text = this.#el.input.value.trim();
    if (!text) {
      return;
    }

    const result = await requestJson('POST', roomPath(this.#room, 'questions'), { text });
    if (result.ok) {
      this.#el.input.value = '';
      showAlert(this.#el.error, '');
      this.#put(result.data?.question ?? result.data);
    } else {
      showAlert(this.#el.error, `Not asked: ${result.message}`);
    }
  }

  async #upvote(questionId) {
    const result = await requestJson('POST', roomPath(this.#room, 'questions', questionId, 'upvotes'));
    if (result.ok || result.status === 409) {
      this.#upvoted.add(questionId);
      const question = result.data?.question ?? result.data;
      this.#put(question?.questionId ? question : this.#questions.get(questionId));
      showAlert(this.#el.error, '');
    } else {
      showAlert(this.#el.error, `Not upvoted: ${result.message}`);
    }
  }

  async #answer(questionId, input) {
    const answer = input.value.trim();
    const result = await requestJson('POST', roomPath(this.#room, 'questions', questionId, 'answer'), answer ? { answer } : {});
    showAlert(this.#el.error, result.ok ? '' : `Not marked answered: ${result.message}`);
    if (result.ok) {
      input.value = '';
    }
  }

  async #hide(questionId) {
    const result = await requestJson('POST', roomPath(this.#room, 'questions', questionId, 'hide'));
    showAlert(this.#el.error, result.ok ? '' : `Not hidden: ${result.message}`);
  }
}
