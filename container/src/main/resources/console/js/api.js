// The console's JSON API (same origin, session cookie). Every request that changes something
// carries the session's anti-CSRF token in a header.

let csrfToken = '';

/** An API answer other than 2xx, or an RPC command's fault. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Who is logged in: {authenticated, loginEnabled, user, csrfToken}. */
export async function loadSession() {
  const response = await fetch('api/session', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  const session = await response.json();
  csrfToken = session.csrfToken || '';
  return session;
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  let payload;
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  if (body instanceof Blob) {
    payload = body;
    headers['Content-Type'] = 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch('api/' + path, { method, headers, body: payload, cache: 'no-store' });
  if (response.status === 401) {
    location.replace('login');
    throw new ApiError(401, 'Your session has ended: log in again.');
  }
  let data = null;
  try {
    data = await response.json();
  } catch (notJson) {
    data = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, (data && data.error) || `${response.status} ${response.statusText}`);
  }
  return data;
}

export const api = {
  get: (path) => request('GET', path),
  post: (path, body) => request('POST', path, body === undefined ? {} : body),
  put: (path, body) => request('PUT', path, body),
  del: (path) => request('DELETE', path),
};

/** Calls an RPC command in the server; its fault becomes an ApiError with the command's code. */
export async function rpc(method, ...params) {
  const answer = await api.post('rpc', { method, params });
  if (answer.error) throw new ApiError(answer.error.code, answer.error.message);
  return answer.result;
}
