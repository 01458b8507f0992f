"""Roles, permissions and which role holds which permission.

A grant gives a user one role at one scope: a region subtree, or one agency. The three
administrators (三员) are mutually exclusive on one account (等保 2.0 8.1.4.2 d).
"""

from __future__ import annotations

import enum

from django.db import models


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", "省局管理员"
    BUREAU_STAFF = "bureau_staff", "机关事务局工作人员"
    AGENCY_REPORTER = "agency_reporter", "单位填报员"
    AUDITOR = "auditor", "审计查阅"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"
    FINANCE_STAFF = "finance_staff", "财务部门人员"
    DISPATCHER = "dispatcher", "用车平台调度员"
    DRIVER = "driver", "驾驶员"
    TRIP_APPROVER = "trip_approver", "单位用车审批人"
    # Governance (jiguan/governance): the legal-affairs office (法规处) of a bureau.
    LEGAL_REVIEWER = "legal_reviewer", "法规审查员"
    # Logistics services (jiguan/services): the bureau's 服务保障处, its inspectors, and a
    # supplier's contact person.
    SERVICES_STAFF = "services_staff", "服务保障处工作人员"
    SERVICE_INSPECTOR = "service_inspector", "服务检查员"
    SUPPLIER_CONTACT = "supplier_contact", "服务供应商联系人"
    # assets (jiguan/assets): the bureau's assets division (资产处)
    ASSETS_STAFF = "assets_staff", "资产处工作人员"
    # Internal audit (jiguan/internalaudit): the bureau's audit office (审计处). Not the
    # AUDITOR above, who reads the audit trail (审计日志).
    INTERNAL_AUDITOR = "internal_auditor", "审计处审计人员"



def role_choices() -> list[tuple[str, str]]:
    """The role choices as a callable (Django 5): model fields name this function, so their
    migrations do not spell out the list, and adding a role needs no migration in access or
    todo (every module adds roles; the migrations would collide on every merge)."""
    return list(Role.choices)

# 三员: no account holds two of these.
ADMIN_TRIAD = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
# Roles granted at one agency; every other role is granted at a region.
AGENCY_ROLES = frozenset({Role.AGENCY_REPORTER, Role.TRIP_APPROVER})


class Perm(enum.StrEnum):
    VIEW_ORGS = "view_orgs"            # regions, agencies, people
    CHANGE_AGENCY = "change_agency"    # create/edit/archive agencies
    CHANGE_PERSON = "change_person"    # create/edit people
    ADD_TOWNSHIP = "add_township"      # add 乡级 region nodes
    IMPORT_DATA = "import_data"        # Excel imports
    VIEW_AUDIT = "view_audit"          # the audit trail, within scope
    VIEW_TASKS = "view_tasks"          # the to-do inbox
    CHANGE_TASK = "change_task"        # mark to-dos done
    MANAGE_USERS = "manage_users"      # accounts: create, reset, deactivate (系统管理员)
    MANAGE_GRANTS = "manage_grants"    # grant and revoke roles (安全管理员)
    MANAGE_SECURITY = "manage_security"  # unlock accounts, release passwords (安全管理员)
    VIEW_SPACE = "view_space"          # the office-space register and its reports
    CHANGE_SPACE = "change_space"      # buildings, rooms, agency allocations (the bureau)
    CHANGE_OCCUPANTS = "change_occupants"  # who sits in which office (agency and bureau)
    VERIFY_RECTIFICATION = "verify_rectification"  # the bureau verifies 整改
    VIEW_ENERGY = "view_energy"        # energy and water statistics and their reports
    REPORT_ENERGY = "report_energy"    # readings and profiles (agency and bureau)
    MANAGE_ENERGY = "manage_energy"    # targets, quotas, coefficients, reviews (the bureau)
    CONFIRM_TRANSFER = "confirm_transfer"  # the finance department confirms an asset transfer
    APPLY_SPACE = "apply_space"        # apply for space, a lease or a repair; report a return
    VIEW_TRAVEL = "view_travel"        # official vehicles, trips and the travel ledger
    MANAGE_VEHICLES = "manage_vehicles"  # vehicles, standards, establishment, rates (the bureau)
    REQUEST_TRIP = "request_trip"      # an agency asks for a vehicle (用车申请)
    APPROVE_TRIP = "approve_trip"      # the agency's approver approves its requests
    DISPATCH_TRIP = "dispatch_trip"    # the platform's dispatcher assigns vehicle and driver
    DRIVE_TRIP = "drive_trip"          # the driver records the trip and closes it
    # Governance (jiguan/governance): the rules library and its legality reviews.
    VIEW_RULES = "view_rules"          # the rules library (制度库), its search and counts
    MANAGE_RULES = "manage_rules"      # register, amend, repeal rules; the clean-up campaign
    # Logistics services (jiguan/services) ---------------------------------------------------
    VIEW_SERVICES = "view_services"    # the catalogue, standards, purchases and figures
    MANAGE_SERVICES = "manage_services"  # narrow/publish the catalogue, prices, standards
    INSPECT_SERVICES = "inspect_services"  # score a site against a standard (检查)
    # assets (jiguan/assets): state assets, operating entities and their transfer
    VIEW_ASSETS = "view_assets"        # entities, the transfer board, supervision, asset cards
    MANAGE_ASSETS = "manage_assets"    # entities, batches, transfer steps (资产处, the bureau)
    # Internal audit (jiguan/internalaudit, 内部审计; not the audit trail VIEW_AUDIT reads)
    INTERNAL_AUDIT_VIEW = "internal_audit_view"      # plans, projects, findings, coverage
    INTERNAL_AUDIT_MANAGE = "internal_audit_manage"  # plans, projects, steps, findings (审计处)
    INTERNAL_AUDIT_RECTIFY = "internal_audit_rectify"  # the audited unit reports 整改
    # Official travel (jiguan/travel), second session: the province's equipment standards.
    MANAGE_VEHICLE_STANDARDS = "manage_vehicle_standards"  # publish 配备标准 versions (province)
    # The yearly assessment (jiguan/assessment, 年度考核) -- branch assess
    VIEW_ASSESSMENT = "view_assessment"      # schemes, a bureau's scores, published rankings
    MANAGE_ASSESSMENT = "manage_assessment"  # schemes, review, publication, appeal answers
    SELF_ASSESS = "self_assess"              # a bureau's self-evaluation and appeals
    # Logistics services, purchases (branch purchases): a buyer registers and runs its purchases.
    BUY_SERVICES = "buy_services"      # register a purchase, its contract and its steps
    # Governance, branch `decisions`: legality reviews (合法性审查) and major decisions.
    VIEW_REVIEWS = "view_reviews"      # read legality reviews (their materials and opinions)
    REVIEW_LEGALITY = "review_legality"  # write a review's opinions and conclude it (法规处)
    VIEW_DECISIONS = "view_decisions"  # the catalogue, decisions, their steps and archives
    MANAGE_DECISIONS = "manage_decisions"  # catalogue items, decisions and their steps (bureau)
    # Governance, branch `contracts`: major contracts (重大合同), their filing and performance.
    VIEW_CONTRACTS = "view_contracts"  # the contract register, its counts and exports
    MANAGE_CONTRACTS = "manage_contracts"  # register, sign, perform and close contracts
    FILE_CONTRACTS = "file_contracts"  # the bureau records a contract's filing (备案)
    # cards branch (jiguan/assets/cards): the units' state assets (行政事业性国有资产)
    KEEP_ASSET_CARDS = "keep_asset_cards"  # a unit's asset cards; apply to dispose/rent/lend
    APPROVE_ASSET_MATTERS = "approve_asset_matters"  # approve disposals and leases by level
    # Guidance (jiguan/guidance, 业务指导): plan, meetings, training, liaison, research.
    VIEW_GUIDANCE = "view_guidance"      # read the plan, meetings, courses, liaison, research
    MANAGE_GUIDANCE = "manage_guidance"  # keep them (the province's 综合处; a city for its own)
    # The one-screen view (jiguan/overview, 全省一屏).
    VIEW_OVERVIEW = "view_overview"      # the figures of the user's region on one screen


_READ = {Perm.VIEW_ORGS, Perm.VIEW_TASKS, Perm.VIEW_SPACE, Perm.VIEW_ENERGY, Perm.VIEW_TRAVEL}
_BUREAU_SPACE = {Perm.CHANGE_SPACE, Perm.CHANGE_OCCUPANTS, Perm.VERIFY_RECTIFICATION,
                 Perm.APPLY_SPACE}
_BUREAU_ENERGY = {Perm.REPORT_ENERGY, Perm.MANAGE_ENERGY}
ROLE_PERMS: dict[str, frozenset[Perm]] = {
    Role.PROVINCE_ADMIN: frozenset(_READ | {
        Perm.CHANGE_AGENCY, Perm.CHANGE_PERSON, Perm.ADD_TOWNSHIP, Perm.IMPORT_DATA,
        Perm.VIEW_AUDIT, Perm.CHANGE_TASK, *_BUREAU_SPACE, *_BUREAU_ENERGY,
        Perm.MANAGE_VEHICLES, Perm.DISPATCH_TRIP, Perm.MANAGE_VEHICLE_STANDARDS,
    }),
    Role.BUREAU_STAFF: frozenset(_READ | {
        Perm.CHANGE_AGENCY, Perm.CHANGE_PERSON, Perm.IMPORT_DATA, Perm.CHANGE_TASK,
        *_BUREAU_SPACE, *_BUREAU_ENERGY, Perm.MANAGE_VEHICLES, Perm.DISPATCH_TRIP,
    }),
    Role.AGENCY_REPORTER: frozenset(_READ | {
        Perm.CHANGE_PERSON, Perm.IMPORT_DATA, Perm.CHANGE_TASK, Perm.CHANGE_OCCUPANTS,
        Perm.REPORT_ENERGY, Perm.APPLY_SPACE, Perm.REQUEST_TRIP,
    }),
    Role.AUDITOR: frozenset(_READ | {Perm.VIEW_AUDIT}),
    # 三员分立 (docs/adr/0008): the 系统管理员 runs accounts and sees no business data; the
    # 安全管理员 grants roles and releases passwords; neither can do the other's half.
    Role.SYSTEM_ADMIN: frozenset({Perm.MANAGE_USERS}),
    Role.SECURITY_ADMIN: frozenset({Perm.MANAGE_GRANTS, Perm.MANAGE_SECURITY}),
    Role.AUDIT_ADMIN: frozenset({Perm.VIEW_AUDIT}),
    # The finance department (财务部门) of a region's bureau: reads the register and books
    # the transfers of buildings onto the bureau's accounts (资产移交调账).
    Role.FINANCE_STAFF: frozenset({Perm.VIEW_ORGS, Perm.VIEW_TASKS, Perm.VIEW_SPACE,
                                   Perm.CHANGE_TASK, Perm.CONFIRM_TRANSFER}),
    # Official travel (jiguan/travel): the platform's dispatcher and driver work at a
    # bureau's region; the approver at one agency.
    Role.DISPATCHER: frozenset({Perm.VIEW_TASKS, Perm.CHANGE_TASK, Perm.VIEW_TRAVEL,
                                Perm.DISPATCH_TRIP}),
    Role.DRIVER: frozenset({Perm.VIEW_TASKS, Perm.CHANGE_TASK, Perm.VIEW_TRAVEL,
                            Perm.DRIVE_TRIP}),
    Role.TRIP_APPROVER: frozenset({Perm.VIEW_TASKS, Perm.CHANGE_TASK, Perm.VIEW_TRAVEL,
                                   Perm.REQUEST_TRIP, Perm.APPROVE_TRIP}),
}

# Logistics services (jiguan/services): the readers read it, the bureau runs it, the 服务保障处
# runs nothing else; an inspector scores; a supplier's contact reads its own work.
for _role in (Role.PROVINCE_ADMIN, Role.BUREAU_STAFF, Role.AGENCY_REPORTER, Role.AUDITOR):
    ROLE_PERMS[_role] = ROLE_PERMS[_role] | {Perm.VIEW_SERVICES}
for _role in (Role.PROVINCE_ADMIN, Role.BUREAU_STAFF):
    ROLE_PERMS[_role] = ROLE_PERMS[_role] | {Perm.MANAGE_SERVICES, Perm.INSPECT_SERVICES}
ROLE_PERMS[Role.SERVICES_STAFF] = frozenset({
    Perm.VIEW_ORGS, Perm.VIEW_TASKS, Perm.CHANGE_TASK, Perm.IMPORT_DATA, Perm.VIEW_SERVICES,
    Perm.MANAGE_SERVICES, Perm.INSPECT_SERVICES})
ROLE_PERMS[Role.SERVICE_INSPECTOR] = frozenset({
    Perm.VIEW_TASKS, Perm.CHANGE_TASK, Perm.VIEW_SERVICES, Perm.INSPECT_SERVICES})
ROLE_PERMS[Role.SUPPLIER_CONTACT] = frozenset({
    Perm.VIEW_TASKS, Perm.CHANGE_TASK, Perm.VIEW_SERVICES})


# Governance (jiguan/governance): every reading role sees the rules library; the bureaus
# keep it; the 法规审查员 keeps it and reads the to-dos.
for _role, _perms in {
    Role.PROVINCE_ADMIN: {Perm.VIEW_RULES, Perm.MANAGE_RULES},
    Role.BUREAU_STAFF: {Perm.VIEW_RULES, Perm.MANAGE_RULES},
    Role.AGENCY_REPORTER: {Perm.VIEW_RULES},
    Role.AUDITOR: {Perm.VIEW_RULES},
    Role.LEGAL_REVIEWER: {Perm.VIEW_TASKS, Perm.CHANGE_TASK, Perm.VIEW_ORGS, Perm.VIEW_RULES,
                          Perm.MANAGE_RULES, Perm.IMPORT_DATA},
}.items():
    ROLE_PERMS[_role] = ROLE_PERMS.get(_role, frozenset()) | frozenset(_perms)
# assets (jiguan/assets) -------------------------------------------------------------------
# The assets division works at the province; the bureau's staff and the province admin run
# the transfer too; the auditor and the agencies read (an agency its former entities).
ROLE_PERMS[Role.ASSETS_STAFF] = frozenset({
    Perm.VIEW_ORGS, Perm.VIEW_TASKS, Perm.CHANGE_TASK, Perm.VIEW_SPACE, Perm.IMPORT_DATA,
    Perm.VIEW_ASSETS, Perm.MANAGE_ASSETS})
for _role in (Role.PROVINCE_ADMIN, Role.BUREAU_STAFF):
    ROLE_PERMS[_role] = ROLE_PERMS[_role] | {Perm.VIEW_ASSETS, Perm.MANAGE_ASSETS}
for _role in (Role.AUDITOR, Role.AGENCY_REPORTER):
    ROLE_PERMS[_role] = ROLE_PERMS[_role] | {Perm.VIEW_ASSETS}
# Internal audit (jiguan/internalaudit): the audit office (审计处) plans and runs the audits;
# the province administrator may too; bureau staff read them; an audited unit reads its own
# projects and reports the rectification of its findings. The AUDITOR (审计查阅, the audit
# trail) gets nothing here.
ROLE_PERMS[Role.INTERNAL_AUDITOR] = frozenset({
    Perm.VIEW_ORGS, Perm.VIEW_TASKS, Perm.CHANGE_TASK, Perm.INTERNAL_AUDIT_VIEW,
    Perm.INTERNAL_AUDIT_MANAGE, Perm.INTERNAL_AUDIT_RECTIFY})
ROLE_PERMS[Role.PROVINCE_ADMIN] |= {Perm.INTERNAL_AUDIT_VIEW, Perm.INTERNAL_AUDIT_MANAGE,
                                    Perm.INTERNAL_AUDIT_RECTIFY}
ROLE_PERMS[Role.BUREAU_STAFF] |= {Perm.INTERNAL_AUDIT_VIEW}
ROLE_PERMS[Role.AGENCY_REPORTER] |= {Perm.INTERNAL_AUDIT_VIEW, Perm.INTERNAL_AUDIT_RECTIFY}
# Logistics services, purchases (branch purchases): an agency buys for itself; the bureau and
# its 服务保障处 register and run purchases within their region.
for _role in (Role.PROVINCE_ADMIN, Role.BUREAU_STAFF, Role.AGENCY_REPORTER, Role.SERVICES_STAFF):
    ROLE_PERMS[_role] = ROLE_PERMS[_role] | {Perm.BUY_SERVICES}

# The yearly assessment (jiguan/assessment) -- branch assess. The assessing bureau's staff
# (综合处) keep the scheme and review; the assessed bureau's staff self-evaluate and appeal
# (never for a region whose scheme they keep: actions.self_problem); the auditor reads.
for _role in (Role.PROVINCE_ADMIN, Role.BUREAU_STAFF):
    ROLE_PERMS[_role] = ROLE_PERMS[_role] | {Perm.VIEW_ASSESSMENT, Perm.MANAGE_ASSESSMENT,
                                             Perm.SELF_ASSESS}
ROLE_PERMS[Role.AUDITOR] = ROLE_PERMS[Role.AUDITOR] | {Perm.VIEW_ASSESSMENT}


# cards branch (jiguan/assets/cards): a unit keeps its asset cards and applies; the bureaus
# (their assets division, staff and the province admin) keep them too and approve at their
# level; readers of assets read the cards.
ROLE_PERMS[Role.AGENCY_REPORTER] |= {Perm.KEEP_ASSET_CARDS}
for _role in (Role.PROVINCE_ADMIN, Role.BUREAU_STAFF, Role.ASSETS_STAFF):
    ROLE_PERMS[_role] |= {Perm.KEEP_ASSET_CARDS, Perm.APPROVE_ASSET_MATTERS}


def role_has(role: str, perm: Perm) -> bool:
    return perm in ROLE_PERMS.get(role, frozenset())


# Governance, branch `decisions`: the bureaus run their major decisions (重大行政决策) and
# send them for legality review; the legal-affairs office (法规审查员) reviews, and so may the
# province administrator; the audit reader reads. Agencies see none of it.
for _role, _perms in {
    Role.PROVINCE_ADMIN: {Perm.VIEW_REVIEWS, Perm.REVIEW_LEGALITY, Perm.VIEW_DECISIONS,
                          Perm.MANAGE_DECISIONS},
    Role.BUREAU_STAFF: {Perm.VIEW_REVIEWS, Perm.VIEW_DECISIONS, Perm.MANAGE_DECISIONS},
    Role.AUDITOR: {Perm.VIEW_REVIEWS, Perm.VIEW_DECISIONS},
    Role.LEGAL_REVIEWER: {Perm.VIEW_REVIEWS, Perm.REVIEW_LEGALITY, Perm.VIEW_DECISIONS},
}.items():
    ROLE_PERMS[_role] = ROLE_PERMS[_role] | frozenset(_perms)


# Governance, branch `contracts`: an agency registers and performs its own major contracts
# and sends them for review; the bureaus do so for the agencies of their region and record
# the filings (备案); the audit reader and the 法规审查员 read the register.
for _role, _perms in {
    Role.PROVINCE_ADMIN: {Perm.VIEW_CONTRACTS, Perm.MANAGE_CONTRACTS, Perm.FILE_CONTRACTS},
    Role.BUREAU_STAFF: {Perm.VIEW_CONTRACTS, Perm.MANAGE_CONTRACTS, Perm.FILE_CONTRACTS},
    Role.AGENCY_REPORTER: {Perm.VIEW_CONTRACTS, Perm.MANAGE_CONTRACTS},
    Role.AUDITOR: {Perm.VIEW_CONTRACTS},
    Role.LEGAL_REVIEWER: {Perm.VIEW_CONTRACTS},
}.items():
    ROLE_PERMS[_role] = ROLE_PERMS[_role] | frozenset(_perms)


# Guidance (jiguan/guidance) and the one-screen view (jiguan/overview): the bureaus' staff
# keep guidance for their region and read the one screen; the audit reader reads both.
for _role in (Role.PROVINCE_ADMIN, Role.BUREAU_STAFF):
    ROLE_PERMS[_role] = ROLE_PERMS[_role] | {Perm.VIEW_GUIDANCE, Perm.MANAGE_GUIDANCE,
                                             Perm.VIEW_OVERVIEW}
ROLE_PERMS[Role.AUDITOR] = ROLE_PERMS[Role.AUDITOR] | {Perm.VIEW_GUIDANCE, Perm.VIEW_OVERVIEW}
