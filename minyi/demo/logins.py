"""The demo accounts. The README's table and `make demo`'s printout both come from this list."""

from dataclasses import dataclass

DEMO_PASSWORD = "Minyi@2026"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str  # shown in the README table and the printout
    try_this: str


DEMO_LOGINS = [
    DemoLogin("admin", "系统管理员", "系统管理员 System administrator", "审计日志、系统状态、所有区域"),
    DemoLogin("jm_staff", "王晓梅", "市人大代工委工作人员 City congress staff", "市级工作台：群众意见受理、交办、审批延期与改派；代表建议审查编号、交办会"),
    DemoLogin("db_staff", "刘建国", "东宝区人大工作人员 County congress staff", "只看到东宝区：代表转来的意见、合并重复意见"),
    DemoLogin("jm_leader", "陈志强", "市人大常委会领导 Leader", "工作台总览"),
    DemoLogin("unit_admin", "赵丽华", "市住建局管理员 Unit administrator", "单位工作台，管理本单位账号"),
    DemoLogin("unit_staff", "孙伟", "市住建局经办人 Unit staff", "单位工作台：待签收、办理中、不满意重办；代表建议沟通与答复"),
    DemoLogin("rep_li", "李春梅", "人大代表（市、区两级）Representative", "手机端：联络站收到的意见，现场解决或转交；我的代表建议（待评价、待修改、待确认沟通）"),
    DemoLogin("rep_liu", "刘红", "人大代表（市级，李春梅所在代表小组）Representative", "手机端：确认联名建议、评价答复"),
    DemoLogin("citizen", "张大民", "群众 Citizen", "手机端：我的意见（已答复，待评价）"),
]
