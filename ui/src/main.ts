import { mount, type Component } from 'svelte'
import './app.css'
import { windowKind } from './lib/window'

// Each window loads only its own code (dynamic imports become separate chunks).
const kind = windowKind(window.location.search)
const loaders: Record<typeof kind, () => Promise<{ default: Component }>> = {
  workspace: () => import('./workspace/Workspace.svelte'),
  kiosk: () => import('./kiosk/Kiosk.svelte'),
  history: () => import('./history/History.svelte'),
}

document.documentElement.dataset.window = kind
document.title = { workspace: 'CX Agent — Workspace', kiosk: 'Help desk', history: 'CX Agent — History' }[kind]

loaders[kind]().then(({ default: App }) => {
  mount(App, { target: document.getElementById('app')! })
})
