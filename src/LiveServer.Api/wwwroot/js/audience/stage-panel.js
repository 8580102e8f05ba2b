// The stage: a viewer raises its hand (hub RequestStage / CancelStageRequest: stageRequested,
// stageRequestCancelled), a moderator invites it (InviteToStage: the room hears stageInvited, the viewer
// alone gets stageInvite with a short-lived rtc token and the WHIP URL), the viewer accepts and publishes
// its camera and microphone over WHIP (js/whip/whip-publication.js, as the publish page does) and joins
// the hosts; a moderator takes it off again (RemoveFromStage: stageRemoved, participantLeft).

import { byData, h, showAlert, timeOf } from './dom.js';
import { WhipPublication, WhipRefusal } from '../whip/whip-publication.js';

/** The stage panel: the viewer's hand and invite, the moderator's raised hands. */
export class StagePanel {
  #el;
  #connection;
  #role;
  #handRaised = false;
  /** @type {{ whip: WhipPublication, stream: MediaStream } | null} */
  #session = null;
  /** The invite waiting for an answer. */
  #invite = null;

  /**
   * @param {{ raiseHand: HTMLButtonElement, status: HTMLElement, invite: HTMLElement, inviteText: HTMLElement,
   *   accept: HTMLButtonElement, decline: HTMLButtonElement, preview: HTMLVideoElement, leave: HTMLButtonElement,
   *   hands: HTMLElement, error: HTMLElement }} el
   * @param {import('./room-connection.js').RoomConnection} connection
   * @param {import('./token-role.js').TokenRole} role
   */
  constructor(el, connection, role) {
    this.#el = el;
    this.#connection = connection;
    this.#role = role;
    const mine = message => message.participantId && message.participantId === role.participantId;
    connection.on('stageRequested', message => {
      if (mine(message)) this.#setHand(true);
      this.#addHand(message);
    });
    connection.on('stageRequestCancelled', message => {
      if (mine(message)) this.#setHand(false);
      byData(el.hands, 'participantId', message.participantId)?.remove();
      this.#showNoHands();
    });
    connection.on('stageInvited', message => {
      if (mine(message)) this.#setHand(false);
      byData(el.hands, 'participantId', message.participantId)?.remove();
      this.#showNoHands();
    });
    connection.on('stageRemoved', message => {
      if (mine(message)) void this.#leave('A moderator took you off the stage.', false);
    });
    connection.on('stageInvite', invite => this.#invited(invite));
    el.raiseHand.addEventListener('click', () => void this.#toggleHand());
    el.accept.addEventListener('click', () => void this.#accept());
    el.decline.addEventListener('click', () => {
      this.#invite = null;
      el.invite.hidden = true;
      this.#setStatus('You declined the invite.');
    });
    el.leave.addEventListener('click', () => void this.#leave('You left the stage.', true));
    window.addEventListener('pagehide', () => this.#session?.whip.deleteOnUnload());
  }

  /** Applies the snapshot's raised hands (when it carries them) and whether this viewer is a host already. */
  reset(snapshot) {
    const hands = snapshot?.stageRequests ?? snapshot?.raisedHands ?? snapshot?.stage?.requests;
    if (Array.isArray(hands)) {
      this.#el.hands.replaceChildren();
      hands.forEach(hand => this.#addHand(hand));
      this.#setHand(hands.some(hand => hand.participantId === this.#role.participantId));
    }
    this.#showNoHands();
  }

  /** Invites a viewer; resolves to '' or why it failed. */
  async invite(participantId) {
    try {
      await this.#connection.invoke('InviteToStage', this.#connection.roomId, participantId);
      return '';
    } catch (e) {
      return `Not invited: ${e.message}`;
    }
  }

  /** Takes a participant off the stage; resolves to '' or why it failed. */
  async remove(participantId) {
    try {
      await this.#connection.invoke('RemoveFromStage', this.#connection.roomId, participantId);
      return '';
    } catch (e) {
      return `Not removed: ${e.message}`;
    }
  }

  /** Turns the hand off (the viewer was removed from the room) and leaves the stage. */
  disable() {
    this.#el.raiseHand.disabled = true;
    this.#el.invite.hidden = true;
    if (this.#session) {
      void this.#leave('You were removed from the room.', true);
    }
  }

  async #toggleHand() {
    showAlert(this.#el.error, '');
    this.#el.raiseHand.disabled = true;
    try {
      const raise = !this.#handRaised;
      await this.#connection.invoke(raise ? 'RequestStage' : 'CancelStageRequest', this.#connection.roomId);
      this.#setHand(raise);
    } catch (e) {
      showAlert(this.#el.error, e.message);
    } finally {
      this.#el.raiseHand.disabled = this.#session !== null;
    }
  }

  #setHand(raised) {
    this.#handRaised = raised;
    this.#el.raiseHand.textContent = raised ? 'Lower hand' : 'Raise hand';
    this.#el.raiseHand.setAttribute('aria-pressed', String(raised));
    if (!this.#session) {
      this.#setStatus(raised ? 'Your hand is raised: a moderator may invite you on stage.' : '');
    }
  }

  #invited(invite) {
    if (!invite?.token || !invite.whipUrl || this.#session) {
      return;
    }

    this.#invite = invite;
    this.#el.inviteText.textContent = 'A moderator invites you on stage: your camera and microphone will be part of the livestream.';
    this.#el.invite.hidden = false;
    this.#el.accept.focus();
  }

  async #accept() {
    const invite = this.#invite;
    this.#invite = null;
    this.#el.invite.hidden = true;
    if (!invite) {
      return;
    }

    if (invite.expiresAt && new Date(invite.expiresAt).getTime() < Date.now()) {
      showAlert(this.#el.error, 'The invite has expired: raise your hand again.');
      return;
    }

    showAlert(this.#el.error, '');
    this.#setStatus('Starting your camera…');
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: { ideal: 1280 }, height: { ideal: 720 } } });
    } catch (e) {
      showAlert(this.#el.error, `Camera and microphone are not available (${e.name}): ${e.message || 'no details'}.`);
      this.#setStatus('');
      return;
    }

    const whip = new WhipPublication();
    const session = { whip, stream };
    this.#session = session;
    this.#el.raiseHand.disabled = true;
    this.#el.preview.srcObject = stream;
    this.#el.preview.hidden = false;
    this.#el.leave.hidden = false;
    whip.pc.addEventListener('connectionstatechange', () => this.#showConnection(session));
    try {
      this.#setStatus('Connecting to the stage…');
      const { answer, iceServers } = await whip.send({ endpoint: invite.whipUrl, headers: { Authorization: `Bearer ${invite.token}` }, stream });
      if (this.#session !== session) {
        await whip.deleteResource().catch(() => {});
        return;
      }
      await whip.accept(answer, iceServers);
    } catch (e) {
      if (this.#session === session) {
        showAlert(this.#el.error, e instanceof WhipRefusal ? e.message : `Could not go on stage: ${e.message || e}`);
        await this.#leave('', true);
      }
    }
  }

  #showConnection(session) {
    if (this.#session !== session) {
      return;
    }

    const state = session.whip.pc.connectionState;
    this.#el.status.dataset.state = state;
    if (state === 'connected') {
      this.#setStatus('You are on stage.');
    } else if (state === 'failed') {
      showAlert(this.#el.error, 'The connection to the stage failed (no UDP path to the server).');
      void this.#leave('', true);
    }
  }

  /** Ends the stage session: closes the connection, deletes it on the server when `deleteIt`, stops the camera. */
  async #leave(status, deleteIt) {
    const session = this.#session;
    this.#session = null;
    if (session) {
      session.whip.close();
      session.stream.getTracks().forEach(t => t.stop());
      if (deleteIt) {
        await session.whip.deleteResource().catch(() => {});
      }
    }

    this.#el.preview.srcObject = null;
    this.#el.preview.hidden = true;
    this.#el.leave.hidden = true;
    delete this.#el.status.dataset.state;
    this.#el.raiseHand.disabled = false;
    this.#setHand(false);
    this.#setStatus(status);
  }

  #setStatus(text) {
    this.#el.status.textContent = text;
  }

  #addHand(hand) {
    if (!this.#role.moderator || byData(this.#el.hands, 'participantId', hand.participantId)) {
      return;
    }

    this.#el.hands.querySelector('.empty')?.remove();
    this.#el.hands.append(h('li', { dataset: { participantId: hand.participantId } },
      h('span', { className: 'name', text: hand.name || hand.participantId }),
      timeOf(hand.at),
      h('button', {
        type: 'button', className: 'small primary', text: 'Invite',
        attrs: { 'aria-label': `Invite ${hand.name || hand.participantId} on stage` },
        on: { click: async () => showAlert(this.#el.error, await this.invite(hand.participantId)) },
      })));
  }

  #showNoHands() {
    if (this.#role.moderator && !this.#el.hands.querySelector('li[data-participant-id]') && !this.#el.hands.querySelector('.empty')) {
      this.#el.hands.append(h('li', { className: 'empty', text: 'No raised hands.' }));
    }
  }
}
