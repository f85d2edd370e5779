package org.creditwatch.generate;

/** The word lists and code tables the synthetic records draw on: Hohhot divisions, industries, names, reasons. */
final class Vocabulary {
    private Vocabulary() {}

    /** A division of Hohhot; {@code issuer} abbreviates its market-supervision bureau in penalty decision numbers. */
    record Region(String code, String name, String issuer, int weight) {}

    static final Region[] REGIONS = {
        new Region("150102", "新城区", "呼新", 17),
        new Region("150103", "回民区", "呼回", 12),
        new Region("150104", "玉泉区", "呼玉", 12),
        new Region("150105", "赛罕区", "呼赛", 24),
        new Region("150121", "土默特左旗", "土左", 8),
        new Region("150122", "托克托县", "托县", 6),
        new Region("150123", "和林格尔县", "和林", 9),
        new Region("150124", "清水河县", "清水河", 4),
        new Region("150125", "武川县", "武川", 5),
    };

    /**
     * A GB/T 4754-2017 class. {@code weight} draws the industry of an ordinary enterprise, {@code onlineWeight} that
     * of an online food operator; {@code shops} name the businesses an individual (code prefix 92) would run, if any.
     */
    record Industry(String code, boolean food, int weight, int onlineWeight, String[] descriptors, String[] shops) {
        char letter() {
            return code.charAt(0);
        }
    }

    private static Industry food(String code, int weight, int onlineWeight, String[] descriptors, String... shops) {
        return new Industry(code, true, weight, onlineWeight, descriptors, shops);
    }

    private static Industry other(String code, int weight, String[] descriptors, String... shops) {
        return new Industry(code, false, weight, 0, descriptors, shops);
    }

    private static String[] words(String... words) {
        return words;
    }

    static final Industry[] INDUSTRIES = {
        food("H6210", 6, 18, words("餐饮管理", "餐饮服务", "酒店管理"), "饭店", "烧麦馆", "涮肉馆"),
        food("H6220", 4, 14, words("快餐", "餐饮"), "快餐店", "面馆"),
        food("H6291", 4, 12, words("小吃", "餐饮"), "小吃店", "烧麦馆", "面馆"),
        food("H6242", 1, 8, words("外卖配送", "餐饮配送")),
        food("H6239", 2, 8, words("茶饮", "饮品"), "奶茶店", "茶饮店"),
        food("F5212", 3, 10, words("超市", "商贸"), "超市"),
        food("F5213", 3, 8, words("便利店", "商贸"), "便利店"),
        food("F5222", 2, 6, words("烘焙", "食品"), "面包房", "糕点店"),
        food("F5224", 2, 5, words("肉食品", "牛羊肉"), "肉铺", "牛羊肉店"),
        food("F5292", 3, 8, words("电子商务", "网络科技")),
        food("C1391", 1, 1, words("食品", "淀粉制品")),
        food("C1411", 1, 1, words("食品", "烘焙食品")),
        food("C1441", 1, 1, words("乳业", "乳制品")),
        other("F5211", 7, words("商贸", "百货"), "百货店", "商店"),
        other("F5132", 4, words("服饰", "服装"), "服装店"),
        other("I6513", 6, words("科技", "软件科技", "信息技术")),
        other("I6432", 2, words("网络科技", "信息服务")),
        other("E4710", 6, words("建筑工程", "建设工程")),
        other("K7010", 3, words("房地产开发", "置业")),
        other("L7212", 3, words("投资管理", "资产管理")),
        other("L7259", 4, words("文化传媒", "广告")),
        other("O8010", 3, words("家政服务"), "家政服务部"),
        other("O8111", 4, words("汽车服务", "汽车维修"), "汽修店", "汽车修理部"),
        other("G5431", 4, words("物流", "运输")),
    };

    static final String TRADE_CHARS = "鑫盛华泰德源祥宏瑞丰恒通达兴隆昌安康佳和顺福富利金新辉晟越博远嘉信诚正邦创美优";
    static final String[] TRADE_WORDS = {
        "草原", "青城", "塞北", "蒙源", "敕勒川", "大青山", "昭君", "阴山", "黄河", "云中",
        "乌兰", "金川", "如意", "万家", "天骄", "北疆", "驼铃", "苏木", "白塔", "伊泰",
    };

    static final String SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏"
            + "薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎常武乔贺";
    static final String GIVEN_CHARS = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰文辉建国志海峰红鹏宇浩婷雪琳晨欣悦慧斌宁凯俊瑶波亮蕾";
    static final String[] MONGOLIAN_NAMES = {
        "巴特尔", "其其格", "乌云", "斯琴", "那日苏", "额尔敦", "苏和", "图雅", "阿拉坦", "娜仁", "宝音", "朝鲁", "萨仁", "孟和", "格日乐",
    };

    static final String[] STREETS = {
        "新华大街", "中山西路", "锡林郭勒北路", "大学东街", "昭乌达路", "乌兰察布西路", "成吉思汗大街", "海拉尔东路", "兴安南路",
        "鄂尔多斯大街", "呼伦贝尔南路", "南二环路", "丰州路", "巴彦淖尔北路", "通道南街", "石羊桥路", "腾飞路", "如意和大街",
    };

    static final String[] BUSINESS_SCOPES = {
        "食品销售；餐饮服务；日用百货销售",
        "预包装食品销售；散装食品销售；保健食品销售",
        "餐饮服务；食品互联网销售；外卖递送服务",
        "软件开发；信息技术咨询服务；数据处理服务",
        "建设工程施工；建筑材料销售；劳务服务",
        "服装服饰零售；针纺织品销售；互联网销售",
        "广告设计、代理；广告发布；会议及展览服务",
        "道路货物运输；国内货物运输代理；装卸搬运",
        "家政服务；保洁服务；养老服务",
        "机动车修理和维护；汽车零配件零售；洗车服务",
        "房地产开发经营；物业管理；住房租赁",
        "以自有资金从事投资活动；企业管理咨询",
    };

    static final long[] REGISTERED_CAPITALS = {
        100_000, 500_000, 1_000_000, 2_000_000, 3_000_000, 5_000_000, 10_000_000, 20_000_000, 50_000_000,
    };

    static final String[] COMPLAINT_CATEGORIES = {
        "食品安全", "产品质量", "价格收费", "虚假宣传", "合同纠纷", "售后服务", "计量问题", "消费欺诈", "网络交易", "预付卡消费",
    };

    static final String[] FOOD_PRODUCTS = {
        "卤肉制品", "凉皮", "烧麦", "月饼", "巴氏杀菌乳", "酸奶", "面包", "大米", "小麦粉", "食用植物油", "白酒", "牛肉干",
        "奶茶", "馒头", "火锅底料", "韭菜", "鸡蛋", "奶皮子", "炒米", "羊肉",
    };
    static final String[] OTHER_PRODUCTS = {
        "电线电缆", "儿童玩具", "服装", "化妆品", "塑料购物袋", "电动自行车", "家用燃气灶具", "建筑用钢筋", "汽车制动液", "润滑油",
    };

    static final String[] PENALTY_DOMAINS =
            {"PRODUCT_QUALITY", "ADVERTISING", "PRICING", "REGISTRATION", "CONSUMER_PROTECTION"};

    static final String ADDRESS_UNREACHABLE = "通过登记的住所或者经营场所无法联系";
    static final String[] ABNORMAL_REASONS = {
        "未按规定期限公示年度报告", ADDRESS_UNREACHABLE, "公示企业信息隐瞒真实情况、弄虚作假", "未在责令的期限内公示有关企业信息",
    };
    static final String[] ABNORMAL_REMOVAL_REASONS = {
        "补报未报年份的年度报告并公示", "依法办理住所或者经营场所变更登记", "更正其公示的企业信息", "申请恢复通过登记的住所取得联系",
    };
    static final String[] SERIOUS_REASONS = {
        "被列入经营异常名录届满3年仍未履行相关义务", "因食品安全违法行为受到较重行政处罚", "提交虚假材料取得市场主体登记", "拒不履行生效法律文书确定的义务",
    };
    static final String[] SERIOUS_REMOVAL_REASONS = {"信用修复申请经审核通过", "列入期限届满依法移出"};
}
