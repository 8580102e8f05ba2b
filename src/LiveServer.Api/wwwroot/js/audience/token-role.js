// What the page's access token says about its holder, read from the JWT payload (claims roles,
// permissions, roomId, participantId, name). For the page's layout only: the signature is not checked
// here, and the server enforces every permission whatever the page shows.

/**
 * @typedef {object} TokenRole
 * @property {boolean} moderator role crawler or permission allow_mod: the moderator's controls are shown
 * @property {boolean} viewer role viewer: the audience of one room (may raise a hand to go on stage)
 * @property {string} participantId the participant the token names ('' when none)
 * @property {string} name the display name the token carries ('' when none)
 * @property {string} roomId the room the token is restricted to ('' when any)
 */

/**
 * The role of `token` ('' or unreadable: a viewer without an identity, so no moderator control shows).
 * @param {string} token a compact JWT
 * @returns {TokenRole}
 */
export function roleOf(token) {
  const claims = payloadOf(token);
  const list = value => (Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,]+/) : []).map(String);
  const roles = list(claims.roles);
  const permissions = list(claims.permissions);
  const text = value => (typeof value === 'string' ? value : '');
  return {
    moderator: roles.includes('crawler') || permissions.includes('allow_mod'),
    viewer: roles.includes('viewer'),
    participantId: text(claims.participantId),
    name: text(claims.name),
    roomId: text(claims.roomId),
  };
}

/** The JSON payload of a compact JWT, or {} when it is not one. */
function payloadOf(token) {
  const part = (token || '').split('.')[1];
  if (!part) {
    return {};
  }

  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
    const payload = JSON.parse(new TextDecoder().decode(bytes));
    return payload && typeof payload === 'object' ? payload : {};
  } catch {
    return {};
  }
}
