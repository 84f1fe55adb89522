import type { CountdownStrings } from './countdown-i18n.js'

const zhCN: CountdownStrings = {
  expiresIn: (time) => `${time} 后过期`,
  minutesLeft: (minutes) => `剩余 ${minutes} 分钟`,
  secondsLeft: (seconds) => `剩余 ${seconds} 秒`,
}

export default zhCN
