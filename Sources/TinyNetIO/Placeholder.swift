import CZlib
import TOMLKit
