// The audience modules' REST calls: JSON in and out with the page's access token, and a refusal turned
// into one sentence (js/problem.js) with the token field told about a 401 or 403.

import { describeRefusal } from '../problem.js';
import { authHeaders, noteRefusal } from '../token.js';

/**
 * @typedef {{ ok: true, status: number, data: any } | { ok: false, status: number, message: string }} RestResult
 */

/**
 * Sends a request and reads its JSON answer; never throws.
 * @param {string} method
 * @param {string} url
 * @param {object} [body] sent as JSON when given
 * @returns {Promise<RestResult>}
 */
export async function requestJson(method, url, body) {
  const headers = { Accept: 'application/json', ...authHeaders() };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }

  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    return { ok: false, status: 0, message: `The server could not be reached: ${e.message || e}` };
  }

  if (!response.ok) {
    noteRefusal(response.status);
    return { ok: false, status: response.status, message: await describeRefusal(response) };
  }

  let data = null;
  if (response.status !== 204) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }

  return { ok: true, status: response.status, data };
}

/** The URL of `path` under the room's REST resource, each segment escaped: roomPath('x', 'polls', id). */
export function roomPath(roomId, ...segments) {
  return ['/v2/rooms', roomId, ...segments].map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join('/');
}

/**
 * The items of a listing: the answer itself when it is an array, else its first array among `keys`
 * (`{ data: [...] }` by default; the gift catalogue's `gifts`, the leaderboard's `entries`).
 */
export function itemsOf(data, ...keys) {
  if (Array.isArray(data)) {
    return data;
  }

  for (const key of keys.length > 0 ? keys : ['data']) {
    if (Array.isArray(data?.[key])) {
      return data[key];
    }
  }

  return [];
}
