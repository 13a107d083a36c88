import testing from './testing.js'

export const { MockServer } = testing
export default testing
