// Canned replies' store: the replies the composer offers after "/", and the manager's list, search,
// category filter and create / edit / delete form (checked as the agent types; the server's own
// refusals are shown in its words).

import { t } from '../../i18n/index.svelte'
import type { canned, workspace } from '../../lib/api'
import { describeError, toApiError } from '../../lib/errors'
import {
  categories,
  EMPTY_FORM,
  filterManaged,
  formFrom,
  normaliseShortcut,
  shortcutTakenBy,
  validateCanned,
  type CannedForm,
  type FieldErrors,
} from '../../lib/cannedForm'
import type { Notices } from '../../lib/notices.svelte'
import type { Permission } from '../../lib/permissions'
import type { CannedResponse } from '../../lib/types'

export interface CannedDeps {
  api: typeof canned & Pick<typeof workspace, 'listCanned'>
  notices: Notices
  /** May this role change the replies (the manager is read-only without). */
  permission: () => Permission
}

export class CannedStore {
  /** What the composer offers after "/". */
  replies = $state<CannedResponse[]>([])

  // The manager.
  list = $state<CannedResponse[]>([])
  loading = $state(true)
  text = $state('')
  category = $state('')
  /** null: no form; 0: a new reply; else the id being edited. */
  editing = $state<number | null>(null)
  form = $state<CannedForm>({ ...EMPTY_FORM })
  touched = $state(false)
  saving = $state(false)
  /** The reply whose delete waits for a confirmation. */
  deleting = $state<number | null>(null)
  error = $state<string | null>(null)
  done = $state<string | null>(null)

  readonly shown = $derived(filterManaged(this.list, this.text, this.category))
  readonly categories = $derived(categories(this.list))
  readonly checked = $derived(validateCanned(this.form))
  readonly fieldErrors = $derived<FieldErrors>(this.touched && !this.checked.ok ? this.checked.errors : {})
  readonly clash = $derived(this.editing == null ? null : shortcutTakenBy(this.list, this.form.shortcut, this.editing || null))
  readonly preview = $derived(normaliseShortcut(this.form.shortcut))

  constructor(private readonly deps: CannedDeps) {}

  get readOnly(): boolean {
    return !this.deps.permission().allowed
  }

  /** The composer's replies, loaded with the desk. */
  async loadReplies() {
    try {
      this.replies = await this.deps.api.listCanned()
    } catch (e) {
      this.deps.notices.error(t('workspace:errors.loadCanned'), e)
    }
  }

  /** The manager opened: it starts without a form or a message, the list loading. */
  start() {
    this.list = []
    this.text = this.category = ''
    this.editing = this.deleting = null
    this.form = { ...EMPTY_FORM }
    this.touched = this.saving = false
    this.error = this.done = null
    void this.load()
  }

  async load() {
    this.loading = true
    try {
      this.list = await this.deps.api.search('')
      this.replies = this.list
    } catch (e) {
      this.error = describeError(toApiError(this.deps.notices.error(t('library:canned.context.loading'), e)))
    } finally {
      this.loading = false
    }
  }

  startNew() {
    this.editing = 0
    this.form = { ...EMPTY_FORM, category: this.category || '' }
    this.touched = false
    this.error = null
    this.done = null
  }

  startEdit(c: CannedResponse) {
    this.editing = c.id
    this.form = formFrom(c)
    this.touched = false
    this.error = null
    this.done = null
  }

  async save() {
    this.touched = true
    const checked = this.checked
    const editing = this.editing
    if (this.readOnly || this.saving || editing == null || !checked.ok) return
    this.saving = true
    this.error = null
    this.done = null
    try {
      const saved = editing === 0 ? await this.deps.api.create(checked.input) : await this.deps.api.update(editing, checked.input)
      this.done = t(editing === 0 ? 'library:canned.created' : 'library:canned.saved', { shortcut: saved.shortcut })
      this.editing = null
      await this.load()
    } catch (err) {
      // The server's words, e.g. `the shortcut /greet is already used by "Greeting"`.
      this.error = toApiError(err).message
      this.deps.notices.error(t('library:canned.context.saving'), err)
    } finally {
      this.saving = false
    }
  }

  async remove(c: CannedResponse) {
    if (this.readOnly) return
    this.saving = true
    this.error = null
    this.done = null
    try {
      await this.deps.api.remove(c.id)
      this.done = t('library:canned.deleted', { shortcut: c.shortcut })
      this.deleting = null
      if (this.editing === c.id) this.editing = null
      await this.load()
    } catch (err) {
      this.error = describeError(toApiError(this.deps.notices.error(t('library:canned.context.deleting', { shortcut: c.shortcut }), err)))
    } finally {
      this.saving = false
    }
  }
}
