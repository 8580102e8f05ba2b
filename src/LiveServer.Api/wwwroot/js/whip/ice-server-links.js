// STUN/TURN servers from a WHIP answer's Link headers (RFC 9725 section 4.6, RFC 8288 link syntax).

/**
 * ICE servers from Link headers (RFC 9725 section 4.6, RFC 8288):
 * `<turn:turn.example.net?transport=udp>; rel="ice-server"; username="u"; credential="p"`.
 * fetch joins several Link headers with ", ", so links are split outside of <> and quotes.
 * @param {string | null} header the Link header as fetch gives it
 * @returns {RTCIceServer[]}
 */
export function parseIceServerLinks(header) {
  if (!header) {
    return [];
  }

  const links = [];
  let current = '';
  let inUrl = false;
  let inQuotes = false;
  let escaped = false;
  for (const c of header) {
    if (escaped) escaped = false;
    else if (c === '\\' && inQuotes) escaped = true;
    else if (c === '<' && !inQuotes) inUrl = true;
    else if (c === '>' && !inQuotes) inUrl = false;
    else if (c === '"' && !inUrl) inQuotes = !inQuotes;
    if (c === ',' && !inUrl && !inQuotes && !escaped) {
      links.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  links.push(current);

  const servers = [];
  for (const link of links) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(link);
    if (!match) {
      continue;
    }

    const params = {};
    for (const param of match[2].matchAll(/;\s*([a-zA-Z0-9_*-]+)\s*(?:=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*)))?/g)) {
      params[param[1].toLowerCase()] = param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : (param[3] ?? '');
    }

    if ((params.rel || '').split(/\s+/).includes('ice-server')) {
      const server = { urls: match[1] };
      if (params.username !== undefined) server.username = params.username;
      if (params.credential !== undefined) server.credential = params.credential;
      servers.push(server);
    }
  }

  return servers;
}
