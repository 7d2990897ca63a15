import { mount, type Component } from 'svelte'
import './app.css'
import { windowKind } from './lib/window'
import { language, onLanguageChange, t } from './i18n/index.svelte'

// Each window loads only its own code (dynamic imports become separate chunks).
const kind = windowKind(window.location.search)
const loaders: Record<typeof kind, () => Promise<{ default: Component }>> = {
  workspace: () => import('./workspace/Workspace.svelte'),
  kiosk: () => import('./kiosk/Kiosk.svelte'),
  history: () => import('./history/History.svelte'),
}

document.documentElement.dataset.window = kind
document.documentElement.lang = language()
const title = () => (document.title = t(`common:window.${kind}`))
title()
onLanguageChange(title)

loaders[kind]().then(({ default: App }) => {
  mount(App, { target: document.getElementById('app')! })
})
