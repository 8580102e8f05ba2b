// The watch page: one room's livestream and its audience. It joins the room over SignalR
// (/hubs/rooms, JoinRoom: a snapshot, then events), plays the live playlist with hls.js in low-latency
// mode, and holds the audience's parts: chat, polls (shown in step with the picture), Q&A, reactions,
// gifts and the stage. What the page offers follows the access token's claims (read here for the
// layout only; the server enforces them): a moderator (role crawler or permission allow_mod) also gets
// the livestream's control bar, opening and closing polls, answering and hiding questions, deleting
// messages, bans, and inviting raised hands on stage; a viewer can raise a hand and, invited, go on
// stage with its camera over WHIP.
//
// Modules: watch/live-player.js, watch/livestream-panel.js, watch/hosts-list.js, audience/*.js.

import { queryParam } from './problem.js';
import { accessToken, noteRefusal } from './token.js';
import { showAlert } from './audience/dom.js';
import { roleOf } from './audience/token-role.js';
import { RoomConnection } from './audience/room-connection.js';
import { TimelineGate } from './audience/timeline-gate.js';
import { ChatPanel } from './audience/chat-panel.js';
import { ModerationPanel } from './audience/moderation-panel.js';
import { PollsPanel } from './audience/polls-panel.js';
import { QuestionsPanel } from './audience/questions-panel.js';
import { ReactionsBar } from './audience/reactions-bar.js';
import { GiftsPanel } from './audience/gifts-panel.js';
import { StagePanel } from './audience/stage-panel.js';
import { LivePlayer } from './watch/live-player.js';
import { LivestreamPanel } from './watch/livestream-panel.js';
import { HostsList } from './watch/hosts-list.js';

const $ = id => document.getElementById(id);
const room = queryParam('room');
const role = roleOf(accessToken());

if (!room) {
  $('room-form').hidden = false;
  $('room-input').focus();
} else {
  void open();
}

async function open() {
  document.title = `${room} · Watch · LiveServer`;
  $('room-title').textContent = room;
  $('room-view').hidden = false;
  $('nav-publish').href = `publish.html?room=${encodeURIComponent(room)}`;
  document.body.dataset.audience = role.moderator ? 'moderator' : 'viewer';
  for (const part of document.querySelectorAll('[data-audience]')) {
    part.hidden = part.dataset.audience !== (role.moderator ? 'moderator' : 'viewer');
  }

  const page = { showError: message => showAlert($('error'), message), clearError: () => showAlert($('error'), '') };
  const connection = new RoomConnection(room, {
    accessToken,
    onState: text => { $('connection').textContent = text; },
    onError: page.showError,
    onConnectRefused: message => {
      noteRefusal(message.includes('401') ? 401 : message.includes('403') ? 403 : 0);
      page.showError(`Could not connect to the server's realtime channel: ${message}`);
    },
    // A ban closes the banned viewer's connections: no event may reach it first, so ask the server.
    onClosed: async () => {
      if (!role.moderator && (await moderation.refusesMe())) {
        removed();
      }
    },
    onJoinRefused: (reason, wasJoined) => {
      if (reason.includes('does not allow room')) {
        if (wasJoined && !role.moderator) {
          removed();
          return;
        }
        noteRefusal(403); // The token is restricted to another room.
      }
      page.showError(reason);
    },
  });

  const player = new LivePlayer(
    { video: $('player'), overlay: $('player-overlay'), stats: $('playback-stats'), renditionField: $('rendition-field'), rendition: $('rendition') },
    { onError: page.showError, isRunning: () => livestream.running });
  const livestream = new LivestreamPanel({
    status: $('status'), states: $('states'), statesEmpty: $('states-empty'), controls: $('controls'), quality: $('quality'),
    layout: $('layout'), start: $('start'), stop: $('stop'), links: $('links'), liveUrl: $('live-url'), playbackUrl: $('playback-url'),
  }, player, room, page);
  const hosts = new HostsList({ list: $('participants'), count: $('participant-count') });

  // Moderators run the show and see events at once; viewers see them when the picture gets there.
  const gate = role.moderator ? null : new TimelineGate(() => player.playingDate, () => player.playing);
  const moderation = new ModerationPanel({ list: $('bans'), error: $('bans-error') }, connection, role, () => removed());
  const chat = new ChatPanel(
    { list: $('chat'), form: $('chat-form'), input: $('chat-input'), send: $('chat-send'), error: $('chat-error') },
    connection,
    { moderator: role.moderator, deleteMessage: id => moderation.deleteMessage(id), ban: (id, name) => moderation.ban(id, name) });
  const polls = new PollsPanel({
    list: $('polls'), empty: $('polls-empty'), error: $('polls-error'), createForm: $('poll-form'), question: $('poll-question'),
    options: $('poll-options'), duration: $('poll-duration'), createError: $('poll-form-error'),
  }, connection, role.moderator, gate);
  const questions = new QuestionsPanel({
    list: $('questions'), form: $('question-form'), input: $('question-input'), error: $('questions-error'),
    sortTop: $('questions-top'), sortNew: $('questions-new'),
  }, connection, role.moderator);
  const reactions = new ReactionsBar({ bar: $('reactions'), layer: $('reaction-layer'), error: $('reactions-error') }, connection);
  const gifts = new GiftsPanel({
    catalogue: $('gift-catalogue'), recipient: $('gift-recipient'), leaderboard: $('gift-leaderboard'), toasts: $('toasts'), error: $('gifts-error'),
  }, connection, hosts);
  const stage = new StagePanel({
    raiseHand: $('raise-hand'), status: $('stage-status'), invite: $('stage-invite'), inviteText: $('stage-invite-text'),
    accept: $('stage-accept'), decline: $('stage-decline'), preview: $('stage-preview'), leave: $('stage-leave'),
    hands: $('raised-hands'), error: $('stage-error'),
  }, connection, role);
  if (role.moderator) {
    hosts.enableRemoval(async id => showAlert($('hosts-error'), await stage.remove(id)));
  }

  let isRemoved = false;
  function removed() {
    if (isRemoved) {
      return;
    }

    isRemoved = true;
    const text = 'A moderator removed you from this room: you can no longer chat, vote, ask, react or send gifts here.';
    showAlert($('removed'), text);
    document.body.dataset.removed = 'true';
    chat.disable('You were removed from this room.');
    questions.disable();
    reactions.disable();
    gifts.disable();
    stage.disable();
    void connection.stop();
  }

  connection.on('hlsStateChanged', message => livestream.onStateChanged(message));
  connection.on('participantJoined', message => hosts.joined(message));
  connection.on('participantLeft', message => hosts.left(message));
  connection.on('viewerCount', message => showViewers(message.count));
  connection.on('pubsubMessage', message => moderation.remember(message.senderId, message.senderName));
  connection.on('stageRequested', message => moderation.remember(message.participantId, message.name));
  connection.onSnapshot(snapshot => {
    hosts.reset(snapshot.participants);
    livestream.fromSnapshot(snapshot.livestream);
    showViewers(snapshot.viewerCount);
    (snapshot.chat ?? []).forEach(message => moderation.remember(message.senderId, message.senderName));
    chat.reset(snapshot.chat);
    void moderation.reset();
    stage.reset(snapshot);
    void polls.reset(snapshot.polls);
    void questions.reset(snapshot.questions);
    void gifts.reset();
  });

  await connection.start();
}

function showViewers(count) {
  $('viewer-count').textContent = Number.isFinite(count) ? `${count} watching` : '';
}
