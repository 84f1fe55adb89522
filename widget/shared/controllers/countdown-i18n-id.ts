import type { CountdownStrings } from './countdown-i18n.js'

const id: CountdownStrings = {
  expiresIn: (time) => `Berakhir dalam ${time}`,
  minutesLeft: (minutes) => `Sisa waktu ${minutes} menit`,
  secondsLeft: (seconds) => `Sisa waktu ${seconds} detik`,
}

export default id
