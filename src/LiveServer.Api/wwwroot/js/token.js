// The access token the pages send on REST (Authorization: Bearer), WHIP (Bearer, RFC 9725
// section 4.5) and SignalR (accessTokenFactory, which the client sends as ?access_token= for
// WebSockets and Server-Sent Events). It comes from the link's ?token= (then taken out of the address
// bar, so a copied link does not carry it) or from the token field, and is remembered in
// localStorage for the other pages. Mint one with `LiveServer token --role crawler,rtc`.

import { queryParam } from './problem.js';

const STORAGE_KEY = 'liveserver.token';
const listeners = [];
let token = initialToken();

const form = document.getElementById('token-form');
const input = document.getElementById('token-input');
const status = document.getElementById('token-status');
if (form && input) {
  input.value = token;
  showStatus(token ? 'Token saved in this browser.' : 'No access token yet: paste one to use the API.');
  form.addEventListener('submit', event => {
    event.preventDefault();
    setAccessToken(input.value);
  });
}

/** The current token ('' when there is none). */
export function accessToken() {
  return token;
}

/** Headers that carry the token, to spread into a fetch's headers. */
export function authHeaders() {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** Calls `listener(token)` whenever the token changes. */
export function onTokenChange(listener) {
  listeners.push(listener);
}

/** Replaces and remembers the token ('' forgets it). */
export function setAccessToken(value) {
  token = (value || '').trim();
  try {
    if (token) {
      localStorage.setItem(STORAGE_KEY, token);
    } else {
      localStorage.removeItem(STORAGE_KEY);
    }
  } catch {
    // Storage is off (private mode): the token lives as long as the page.
  }
  if (input) {
    input.value = token;
  }
  showStatus(token ? 'Token saved in this browser.' : 'Token forgotten.');
  form?.classList.remove('refused');
  listeners.forEach(listener => listener(token));
}

/** After a 401 or 403, points at the token field with what the status means. */
export function noteRefusal(statusCode) {
  if (statusCode !== 401 && statusCode !== 403) {
    return;
  }
  form?.classList.add('refused');
  showStatus(statusCode === 401
    ? (token ? 'The server did not accept this access token (401): it may have expired. Paste a new one.' : 'The server needs an access token (401): paste one here.')
    : 'This access token does not allow that (403): it lacks the role or is for another room.');
}

function initialToken() {
  const fromLink = queryParam('token');
  if (fromLink) {
    try {
      localStorage.setItem(STORAGE_KEY, fromLink);
    } catch {
      // See setAccessToken.
    }
    const url = new URL(window.location.href);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url);
    return fromLink;
  }
  try {
    return localStorage.getItem(STORAGE_KEY) || '';
  } catch {
    return '';
  }
}

function showStatus(text) {
  if (status) {
    status.textContent = text;
  }
}
