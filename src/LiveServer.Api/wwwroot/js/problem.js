// Turns a refused HTTP response into one sentence a person can act on: the status, then the
// RFC 7807 ProblemDetails text the server sent (detail, else title, plus any per-field errors),
// or the plain-text body when the answer is not ProblemDetails.

/**
 * @param {Response} response a response whose status is not the expected one
 * @returns {Promise<string>} e.g. "404 Not Found: Room 'demo' does not exist."
 */
export async function describeRefusal(response) {
  const head = `${response.status} ${response.statusText || ''}`.trim();
  let body = '';
  try {
    body = await response.text();
  } catch {
    // The body could not be read (connection closed): the status alone must do.
  }

  const type = response.headers.get('Content-Type') || '';
  if (body && /json/i.test(type)) {
    try {
      const problem = JSON.parse(body);
      const parts = [];
      if (problem.detail) {
        parts.push(problem.detail);
      } else if (problem.title && problem.title !== response.statusText) {
        parts.push(problem.title);
      }
      if (problem.errors && typeof problem.errors === 'object') {
        for (const [field, messages] of Object.entries(problem.errors)) {
          const text = [].concat(messages).join(' ');
          if (text && !parts.includes(text)) {
            parts.push(`${field}: ${text}`);
          }
        }
      }
      const title = problem.title && !response.statusText ? ` ${problem.title}` : '';
      return parts.length > 0 ? `${head}${title}: ${parts.join(' ')}` : `${head}${title}`;
    } catch {
      // Not JSON after all: fall through to the text.
    }
  }

  const text = body.trim();
  return text && text.length <= 300 && !/^</.test(text) ? `${head}: ${text}` : head;
}

/** A query parameter of the page, trimmed; '' when absent. */
export function queryParam(name) {
  return (new URLSearchParams(window.location.search).get(name) || '').trim();
}
