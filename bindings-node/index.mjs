// The ES module face of chatwire: the same objects as `require('chatwire')`.
import chatwire from './index.js'

export const {
  VERSION,
  Mevichat,
  Vexar,
  DevApi,
  WidgetKey,
  MevichatWithRawResponse,
  VexarWithRawResponse,
  DevApiWithRawResponse,
  WidgetKeyWithRawResponse,
  MevichatChatStream,
  VexarChatStream,
  DevApiChatStream,
  WidgetKeyChatStream,
  DevApiSessionIterator,
  ChatwireError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  RateLimitError,
  InternalServerError,
  RedirectError,
  APIConnectionError,
  APITimeoutError,
  StreamIdleTimeoutError,
  StreamEndedError,
  DecodeError,
  ValidationError,
  APIUserAbortError,
} = chatwire

export default chatwire
