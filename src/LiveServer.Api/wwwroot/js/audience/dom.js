// Building page elements from data without markup: every string becomes a text node or textContent,
// so user-provided text (chat, names, questions, poll texts, gift names) can never become HTML.
// innerHTML is not used anywhere in the audience modules.

/**
 * An element with properties and children.
 * @param {string} tag
 * @param {{ className?: string, text?: string, dataset?: Record<string, string>, attrs?: Record<string, string>,
 *   on?: Record<string, EventListener>, [key: string]: any }} [props] `text` sets textContent; `attrs` go
 *   through setAttribute; `on` adds listeners; anything else is assigned as a DOM property (type, disabled, ...).
 * @param {...(Node | string | null | undefined | false)} children strings become text nodes; empty values are skipped
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  const { className, text, dataset, attrs, on, ...rest } = props;
  if (className) {
    element.className = className;
  }

  if (text !== undefined && text !== null) {
    element.textContent = String(text);
  }

  for (const [key, value] of Object.entries(dataset ?? {})) {
    element.dataset[key] = String(value);
  }

  for (const [key, value] of Object.entries(attrs ?? {})) {
    element.setAttribute(key, String(value));
  }

  for (const [event, listener] of Object.entries(on ?? {})) {
    element.addEventListener(event, listener);
  }

  Object.assign(element, rest);
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }

    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }

  return element;
}

/** The first element of `list` whose data-`key` is `value` (escaped for the selector), or null. */
export function byData(list, key, value) {
  const attribute = key.replace(/[A-Z]/g, c => `-${c.toLowerCase()}`);
  return list.querySelector(`[data-${attribute}="${CSS.escape(String(value))}"]`);
}

/** A time element showing `at` (an ISO string or Date) as the local time of day. */
export function timeOf(at) {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) {
    return h('time', { className: 'meta' });
  }

  return h('time', { className: 'meta', dateTime: date.toISOString(), text: date.toLocaleTimeString() });
}

/** Shows `message` in an alert element (role="alert"), or hides it for ''. */
export function showAlert(element, message) {
  element.textContent = message;
  element.hidden = !message;
}
