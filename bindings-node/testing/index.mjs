// The ES module face of @chatwire/testing: the same objects as `require('@chatwire/testing')`.
import testing from './index.js'

export const { MockServer } = testing
export default testing
