"""zh/en text of logging in, users and roles (core.users, app_pages.auth)."""

STRINGS: dict[str, dict[str, str]] = {
    "auth.title": {
        "zh": "登录",
        "en": "Log in"},
    "auth.intro": {
        "zh": "本服务器需要登录。账号由管理员设置（`python cli.py users add`）。",
        "en": "This server needs a login. Accounts are set by an administrator "
              "(`python cli.py users add`)."},
    "auth.name": {
        "zh": "用户名",
        "en": "User name"},
    "auth.password": {
        "zh": "密码",
        "en": "Password"},
    "auth.submit": {
        "zh": "登录",
        "en": "Log in"},
    "auth.failed": {
        "zh": "用户名或密码不正确。",
        "en": "Wrong user name or password."},
    "auth.wait": {
        "zh": "该用户登录失败次数过多，请 {s} 秒后再试。",
        "en": "Too many failed logins for this user: try again in {s} s."},
    "auth.oidc_button": {
        "zh": "通过单位身份认证登录",
        "en": "Log in with the office's identity provider"},
    "auth.oidc_refused": {
        "zh": "{email} 未获授权使用本服务器，请联系管理员。",
        "en": "{email} is not allowed on this server: ask an administrator."},
    "auth.config_error": {
        "zh": "用户配置有误，服务器不开放：{e}",
        "en": "The user list is broken, so the server stays closed: {e}"},
    "auth.signed_in": {
        "zh": "已登录：{user}（{role}）",
        "en": "Logged in: {user} ({role})"},
    "auth.logout": {
        "zh": "退出登录",
        "en": "Log out"},
    "auth.role_viewer": {
        "zh": "查看者",
        "en": "viewer"},
    "auth.role_editor": {
        "zh": "编辑者",
        "en": "editor"},
    "auth.role_admin": {
        "zh": "管理员",
        "en": "administrator"},
    "auth.cannot_upload": {
        "zh": "你的角色（{role}）不能上传或保存名录；可使用工作区中共享的名录。需要上传请联系管理员。",
        "en": "Your role ({role}) cannot upload or save registers; you can use the "
              "registers shared in the workspace. Ask an administrator to upload."},
    "auth.share": {
        "zh": "共享给工作区（所有用户可见）",
        "en": "Share with the workspace (every user sees it)"},
    "auth.make_shared": {
        "zh": "共享给工作区",
        "en": "Share with the workspace"},
    "auth.make_private": {
        "zh": "设为私有",
        "en": "Make private"},
    "auth.not_owner": {
        "zh": "只有保存者 {owner} 可以修改该名录。",
        "en": "Only {owner}, who saved it, can change this register."},
    "auth.shared_yes": {
        "zh": "共享",
        "en": "shared"},
    "auth.shared_no": {
        "zh": "私有",
        "en": "private"},
    "auth.users_page": {
        "zh": "用户",
        "en": "Users"},
    "auth.users_where": {
        "zh": "用户名单：{path}（登录方式：{method}）。角色变更在该用户下一次操作时生效。",
        "en": "User list: {path} (login by {method}). A role change applies at that "
              "user's next action."},
    "auth.col_name": {"zh": "用户名", "en": "User name"},
    "auth.col_display": {"zh": "显示名", "en": "Display name"},
    "auth.col_role": {"zh": "角色", "en": "Role"},
    "auth.col_email": {"zh": "电子邮箱", "en": "E-mail"},
    "auth.edit_header": {
        "zh": "添加或修改用户",
        "en": "Add or change a user"},
    "auth.new_password": {
        "zh": "新密码（至少 8 个字符；已有用户留空则不变）",
        "en": "New password (at least 8 characters; leave empty to keep an existing "
              "user's)"},
    "auth.save_user": {
        "zh": "保存用户",
        "en": "Save user"},
    "auth.user_saved": {
        "zh": "已保存：{name}（{role}）",
        "en": "Saved: {name} ({role})"},
    "auth.user_error": {
        "zh": "未保存：{e}",
        "en": "Not saved: {e}"},
    "auth.remove_header": {
        "zh": "移除用户",
        "en": "Remove a user"},
    "auth.remove_confirm": {
        "zh": "确认移除（其记录保留其名字）",
        "en": "Yes, remove (their records keep their name)"},
    "auth.remove": {
        "zh": "移除",
        "en": "Remove"},
    "auth.not_yourself": {
        "zh": "不能移除自己或降低自己的角色。",
        "en": "You cannot remove yourself or lower your own role."},
    "auth.none_shared": {
        "zh": "工作区中尚无与你共享的名录。",
        "en": "No register is shared with you in the workspace yet."},
}
