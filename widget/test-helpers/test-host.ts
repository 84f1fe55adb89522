import type { ReactiveController, ReactiveControllerHost } from 'lit'

/** A bare controller host: lets controller tests connect, disconnect and count update requests. */
export class TestHost implements ReactiveControllerHost {
  readonly controllers: ReactiveController[] = []
  updateRequests = 0

  addController(controller: ReactiveController): void {
    this.controllers.push(controller)
  }

  removeController(controller: ReactiveController): void {
    this.controllers.splice(this.controllers.indexOf(controller), 1)
  }

  requestUpdate(): void {
    this.updateRequests++
    for (const controller of this.controllers) controller.hostUpdate?.()
  }

  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true)
  }

  connect(): void {
    for (const controller of this.controllers) controller.hostConnected?.()
  }

  disconnect(): void {
    for (const controller of this.controllers) controller.hostDisconnected?.()
  }
}
