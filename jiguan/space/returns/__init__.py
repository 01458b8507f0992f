"""腾退移交: space that goes back — over-standard rooms (from compliance findings), offices of
people who left (1 month) or whose concurrent post ended (2 months), rooms of abolished
agencies, idle rooms, and the moves of an accepted reallocation plan.

Status machine (changed only by jiguan.space.returns.actions):

    open 待腾退 --report--> submitted 待接收 --accept--> completed 已接收
       ^                        |
       +-------send back--------+          open/submitted --cancel--> cancelled 已撤销

待腾退 is a to-do for the agency's reporter due on the case's deadline (overdue after it);
待接收 a to-do for the bureau staff over the agency's region. Accepting ends the occupancies
(or the person's seat) through jiguan.space.register.actions.
"""
